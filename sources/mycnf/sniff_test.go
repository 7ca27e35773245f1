package mycnf

import "testing"

// MySQL's option files are told by their groups and options; php.ini,
// PHP-FPM pools and uWSGI ini files are not theirs.
func TestSniff(t *testing.T) {
	for _, c := range []struct {
		path, text string
		want       int
	}{
		{"my.cnf", "[client-server]\n!includedir /etc/mysql/conf.d/\n", 2},
		{"conf.d/tuning.cnf", "[mysqld]\nmax_connections = 500\n", 1},
		{"docker/mysql/custom.cnf", "[mysqld]\ncharacter-set-server = utf8mb4\n!include extra.cnf\n", 2},
		{"php.ini", "[PHP]\nmemory_limit = 128M\n", 0},
		{"www.conf", "[www]\nlisten = 9000\nuser = www-data\n", 0},
		{"uwsgi.ini", "[uwsgi]\nsocket = /run/a.sock\n", 0},
		{"x.cnf", "[mysqld]\nfoo = bar\n", 0},
	} {
		if got := Sniff(c.path, []byte(c.text)); got != c.want {
			t.Errorf("Sniff(%s) = %d, want %d", c.path, got, c.want)
		}
	}
}

// groupOrInclude, Sniff's cheap first look, is true whenever the parse
// finds a group or an include.
func TestGroupOrIncludeBoundsParse(t *testing.T) {
	for _, in := range []string{
		"[mysqld]\nport = 3306\n", "  \t[client]\n", "!include a.cnf\n", "\t!includedir d/\n",
		"server {\n    listen 80;\n}\n", "port = 3306\n", "\r[mysqld]\n", "x\n[", "[", "# [mysqld]\n; !include x\n",
	} {
		lines, _ := Parse("x.cnf", []byte(in))
		found := false
		for _, l := range lines {
			found = found || l.Kind == "group" || l.Kind == "include" || l.Kind == "includedir"
		}
		if found && !groupOrInclude([]byte(in)) {
			t.Errorf("groupOrInclude(%q) = false; the parse finds a group or include", in)
		}
	}
}
