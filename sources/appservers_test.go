package sources

import (
	"sort"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/sources/input"
)

// uWSGI ini files, gunicorn's configuration, MySQL's option files,
// postgresql.conf and pgbouncer.ini are sources of their own:
// a walk loads them beside nginx, never as nginx or Apache, and passes
// over the INI and Python files that are not theirs.
func TestAppServerFilesAreLoaded(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"nginx/nginx.conf":        "events {}\nhttp {\n    server { listen 80; location / { uwsgi_pass unix:/run/app.sock; } }\n}\n",
		"deploy/uwsgi.ini":        "[uwsgi]\nmodule = app.wsgi\nsocket = /run/app.sock\nprocesses = 4\nharakiri = 30\nlisten = 128\n",
		"deploy/gunicorn.conf.py": "bind = '127.0.0.1:8000'\nworkers = 3\ntimeout = 60\n",
		"app/settings.py":         "DEBUG = False\nworkers = 2\n",
		"tox.ini":                 "[tox]\nenvlist = py311\n",
		"setup.cfg":               "[metadata]\nname = app\nversion = 1\n",
		"mysql/my.cnf":            "[client-server]\n!includedir /etc/mysql/conf.d/\n",
		"mysql/conf.d/server.cnf": "[mysqld]\nmax_connections = 300\n",
		"pg/postgresql.conf":      "listen_addresses = '*'\nmax_connections = 200\t# (change requires restart)\nshared_buffers = 128MB\ninclude_dir 'conf.d'\n",
		"pg/conf.d/tuning.conf":   "work_mem = 4MB\nmax_connections = 300\n",
		"pg/pgbouncer.ini":        "[databases]\napp = host=127.0.0.1 dbname=app\n\n[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = 6432\nmax_client_conn = 500\ndefault_pool_size = 20\n",
	})
	chdir(t, dir)
	res := Load([]string{"."}, "", input.Options{})
	if len(res.Errors) != 0 || len(res.Notices) != 0 {
		t.Errorf("errors %v\nnotices %v", res.Errors, res.Notices)
	}
	want := "gunicorn:deploy/gunicorn.conf.py mysql:mysql/my.cnf nginx:nginx/nginx.conf pgbouncer:pg/pgbouncer.ini postgresql:pg/postgresql.conf uwsgi:deploy/uwsgi.ini"
	got := roots(res)
	sort.Strings(got) // the load order is not this test's business
	if got := strings.Join(got, " "); got != want {
		t.Errorf("configs %s, want %s", got, want)
	}
}
