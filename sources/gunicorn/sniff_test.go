package gunicorn

import "testing"

// gunicorn's file is told by its name and its settings; other Python is
// code.
func TestSniff(t *testing.T) {
	for _, c := range []struct {
		path, text string
		want       int
	}{
		{"gunicorn.conf.py", "bind = '0.0.0.0:8000'\nworkers = 2\n", 2},
		{"deploy/gunicorn_config.py", "import os\nworkers = 4\ntimeout = 60\n", 2},
		{"settings.py", "bind = '0.0.0.0:8000'\nworkers = 2\n", 0},
		{"gunicorn.conf.py", "accesslog = '-'\n", 0},
		{"gunicorn_hooks.py", "def on_starting(server):\n    pass\n", 0},
		{"gunicorn.conf", "bind = '0.0.0.0:8000'\nworkers = 2\n", 0},
	} {
		if got := Sniff(c.path, []byte(c.text)); got != c.want {
			t.Errorf("Sniff(%s) = %d, want %d", c.path, got, c.want)
		}
	}
}
