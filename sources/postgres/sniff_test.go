package postgres

import "testing"

// postgresql.conf and pgbouncer.ini are told by their settings; php.ini,
// pools and uWSGI files are not theirs.
func TestSniff(t *testing.T) {
	for _, c := range []struct {
		path, text string
		conf, ini  int
	}{
		{"postgresql.conf", "listen_addresses = '*'\nmax_connections = 100\n", 2, 0},
		{"conf.d/tuning.conf", "shared_buffers = 1GB\nwork_mem = 8MB\n", 1, 0},
		{"pgbouncer.ini", "[pgbouncer]\nlisten_port = 6432\nmax_client_conn = 100\n", 0, 2},
		{"php.ini", "[PHP]\nmemory_limit = 128M\n", 0, 0},
		{"www.conf", "[www]\nlisten = 9000\nuser = www-data\n", 0, 0},
		{"nginx.conf", "events {}\nhttp { server { listen 80; } }\n", 0, 0},
	} {
		if got := SniffConf(c.path, []byte(c.text)); got != c.conf {
			t.Errorf("SniffConf(%s) = %d, want %d", c.path, got, c.conf)
		}
		if got := SniffBouncer(c.path, []byte(c.text)); got != c.ini {
			t.Errorf("SniffBouncer(%s) = %d, want %d", c.path, got, c.ini)
		}
	}
}
