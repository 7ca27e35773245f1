package uwsgi

import "testing"

// A uWSGI ini is told by its [uwsgi] section and uWSGI's options in it;
// other INI files and web-server configuration are not.
func TestSniff(t *testing.T) {
	for _, c := range []struct {
		path, text string
		want       int
	}{
		{"app.ini", "[uwsgi]\nmodule = app\nsocket = /run/app.sock\n", 2},
		{"deploy/uwsgi.ini", "; x\n[uwsgi]\nhttp-socket = :8080\nprocesses = 2\n", 2},
		{"php.ini", "[PHP]\nmemory_limit = 128M\n", 0},
		{"tox.ini", "[tox]\nenvlist = py311\n[testenv]\ncommands = pytest\n", 0},
		{"www.conf", "[www]\nlisten = 9000\npm = static\npm.max_children = 5\n", 0},
		{"nginx.conf", "http {\n    uwsgi_pass unix:/run/app.sock; # [uwsgi]\n}\n", 0},
		{"x.ini", "[uwsgi]\nfoo = bar\n", 0},
	} {
		if got := Sniff(c.path, []byte(c.text)); got != c.want {
			t.Errorf("Sniff(%s) = %d, want %d", c.path, got, c.want)
		}
	}
}
