package reach

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/ruletest"
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/internal/backends"
)

// The PHP-FPM rules' fixtures and doc examples: nginx and Apache beside
// pool files, through the real adapters.
func TestFastCGIBackendRules(t *testing.T) {
	ruletest.RunRules(t, []*lint.Rule{FastCGINoPool, FastCGISocketPermission, FastCGIClientNotAllowed})
}

// Who may connect to a socket, case by case: the rule says "no" only when
// the configuration settles it, never on a guess about the worker's
// supplementary groups or the user of an unprivileged master.
func TestConnectable(t *testing.T) {
	www := backends.Worker{User: "www-data", Group: "www-data"}
	nginx := backends.Worker{User: "nginx", Group: "nginx"}
	unset := backends.Worker{User: "nobody", NonRoot: true}
	for _, c := range []struct {
		name         string
		w            backends.Worker
		owner, group string
		mode         fs.FileMode
		want         string
	}{
		{"root's socket, default mode", www, "root", "root", 0o660, "no"},
		{"owner", www, "www-data", "www-data", 0o660, "yes"},
		{"owner without write", www, "www-data", "www-data", 0o460, "no"},
		{"group", nginx, "www-data", "nginx", 0o660, "yes"},
		{"group without write", nginx, "www-data", "nginx", 0o640, "no"},
		{"another group: membership unknown", nginx, "www-data", "www-data", 0o660, ""},
		{"another group without write", nginx, "www-data", "www-data", 0o600, "no"},
		{"others may write", nginx, "root", "root", 0o666, "yes"},
		{"root worker", backends.Worker{User: "root", Group: "root"}, "app", "app", 0o600, "yes"},
		{"no user: root's socket", unset, "root", "root", 0o660, "no"},
		{"no user: someone's socket", unset, "www-data", "www-data", 0o660, ""},
		{"no user: root-owned, group writable", unset, "root", "www-data", 0o660, ""},
		{"no user: root-owned, group read-only", unset, "root", "www-data", 0o640, "no"},
	} {
		if got := connectable(c.w, c.owner, c.group, c.mode); got != c.want {
			t.Errorf("%s: connectable = %q, want %q", c.name, got, c.want)
		}
	}
}

// The address a proxy connects from, as far as the route tells.
func TestProxySources(t *testing.T) {
	for _, c := range []struct {
		host     string
		from     string
		loopback bool
	}{
		{"127.0.0.1", "127.0.0.1", true},
		{"127.0.0.2", "127.0.0.1", true},
		{"::1", "::1", true},
		{"localhost", "127.0.0.1 ::1", true},
		{"php", "", false},
		{"10.0.0.5", "", false},
	} {
		from, loop := proxySources(backends.Addr{Host: c.host, Port: 9000})
		if strings.Join(from, " ") != c.from || loop != c.loopback {
			t.Errorf("%s: from %v loopback %v, want %q %v", c.host, from, loop, c.from, c.loopback)
		}
	}
}
