package postgres

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

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

// marked, SniffConf's cheap first look, never says fewer marks than the
// parse finds: on every file of testdata and on lines it reads alike.
func TestMarkedBoundsParse(t *testing.T) {
	inputs := []string{
		"max_connections = 100\nshared_buffers = 128MB\n",
		"  MAX_CONNECTIONS 100\n\tWork_Mem='4MB'\n",
		"max_connections = 'unclosed\nwork_mem = 4MB\n",
		"server {\n    listen 80;\n}\n",
		"ssl = on\r\ntimezone = 'UTC'\r\n",
		"#max_connections = 1\nwork_mem = 1\n",
	}
	_ = filepath.WalkDir("testdata", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if data, err := os.ReadFile(p); err == nil {
				inputs = append(inputs, string(data))
			}
		}
		return nil
	})
	for _, in := range inputs {
		settings, _ := ParseConf("x.conf", []byte(in))
		known := 0
		for _, s := range settings {
			if confMarks[s.Name] {
				known++
			}
		}
		if m := marked([]byte(in)); m < min(known, 2) {
			t.Errorf("marked %d, parse found %d marks in %q", m, known, in[:min(len(in), 80)])
		}
	}
}
