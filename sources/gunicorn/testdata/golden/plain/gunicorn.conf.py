# gunicorn settings
bind = ["unix:/run/gunicorn/app.sock", "127.0.0.1:8000"]
workers = 3
timeout = 120  # seconds
keepalive = 5
backlog = 64
accesslog = "-"
