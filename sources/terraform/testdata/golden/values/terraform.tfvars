domain   = "Example.COM"
ssl_mode = "full"
