import multiprocessing
import os

bind = os.environ.get("BIND", "0.0.0.0:8000")
workers = multiprocessing.cpu_count() * 2 + 1
if os.environ.get("SLOW"):
    timeout = 300
else:
    timeout = 60
