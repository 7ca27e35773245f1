bind = "0.0.0.0:5000"
worker_class = "gevent"
workers = 2
timeout = 30
