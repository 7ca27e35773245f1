read_timeout = 150
