package backends

import (
	"strings"
	"testing"

	"github.com/edgelint/edgelint/lint"
)

func TestSameSocket(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"/run/php/php8.2-fpm.sock", "/run/php/php8.2-fpm.sock", true},
		{"/var/run/php-fpm.sock", "/run/php-fpm.sock", true},
		{"/run/php//x.sock", "/run/php/x.sock", true},
		{"/run/php/php8.1-fpm.sock", "/run/php/php8.2-fpm.sock", false},
		{"/var/lib/run/x.sock", "/lib/run/x.sock", false},
	} {
		if got := SameSocket(c.a, c.b); got != c.want {
			t.Errorf("SameSocket(%q, %q) = %v", c.a, c.b, got)
		}
	}
}

// A TCP address reaches a pool on its port when the pool listens on all
// addresses, on the same address, or when either side is a name the lint
// cannot resolve.
func TestListens(t *testing.T) {
	pool := func(host string) *lint.Backend {
		return &lint.Backend{Listen: []lint.Socket{{Raw: "x", Host: host, Port: 9000}}}
	}
	for _, c := range []struct {
		pool, host string
		port       int
		want       bool
	}{
		{"", "php", 9000, true},
		{"", "127.0.0.1", 9000, true},
		{"127.0.0.1", "127.0.0.1", 9000, true},
		{"127.0.0.1", "10.0.0.5", 9000, false},
		{"127.0.0.1", "localhost", 9000, true},
		{"::ffff:127.0.0.1", "127.0.0.1", 9000, true},
		{"", "127.0.0.1", 9001, false},
	} {
		got := Listens(pool(c.pool), Addr{Host: c.host, Port: c.port}) != nil
		if got != c.want {
			t.Errorf("pool on %q:9000, route to %s:%d: %v, want %v", c.pool, c.host, c.port, got, c.want)
		}
	}
	if Listens(&lint.Backend{Listen: []lint.Socket{{Unix: "/run/a.sock"}}}, Addr{Host: "127.0.0.1", Port: 9000}) != nil {
		t.Error("a TCP address reaches a unix socket")
	}
}

// Two configurations with a pool on the same socket (one set-up per
// directory): the nearer one serves the route, and a tie serves none.
func TestServingNear(t *testing.T) {
	a := &lint.Backend{Name: "a", Listen: []lint.Socket{{Unix: "/run/app.sock", Pos: lint.AtFile("docker/php/www.conf")}}}
	b := &lint.Backend{Name: "b", Listen: []lint.Socket{{Unix: "/run/app.sock", Pos: lint.AtFile("vagrant/php/www.conf")}}}
	s := &Set{Backends: []*lint.Backend{a, b}}
	addr := Addr{Unix: "/run/app.sock"}
	if got, _ := s.ServingNear(addr, "vagrant/nginx/site.conf"); got != b {
		t.Errorf("vagrant's route met %v, want b", got)
	}
	if got, _ := s.ServingNear(addr, "nginx/site.conf"); got != nil {
		t.Errorf("equally near: met %v, want none", got)
	}
}

func TestWorkerOf(t *testing.T) {
	dir := func(name string, args ...string) *lint.Directive { return &lint.Directive{Name: name, Args: args} }
	for _, c := range []struct {
		name string
		cfg  *lint.Config
		ok   bool
		want Worker
	}{
		{"nginx user and group", &lint.Config{Source: lint.Nginx, Directives: []*lint.Directive{dir("user", "www-data", "web")}}, true,
			Worker{User: "www-data", Group: "web", Says: "user www-data web"}},
		{"nginx user", &lint.Config{Source: lint.Nginx, Directives: []*lint.Directive{dir("user", "nginx")}}, true,
			Worker{User: "nginx", Group: "nginx", Says: "user nginx"}},
		{"nginx without user", &lint.Config{Source: lint.Nginx}, true,
			Worker{User: "nobody", NonRoot: true, Says: "no user directive: nobody, nginx's default, or the master's own unprivileged user"}},
		{"nginx site file", &lint.Config{Source: lint.Nginx, Fragment: true}, false, Worker{}},
		{"debian apache", &lint.Config{Source: lint.Apache, Directives: []*lint.Directive{dir("User", "${APACHE_RUN_USER}"), dir("Group", "${APACHE_RUN_GROUP}")}}, true,
			Worker{User: "www-data", Group: "www-data", Says: "User ${APACHE_RUN_USER} (www-data, Debian's /etc/apache2/envvars)"}},
		{"apache without User", &lint.Config{Source: lint.Apache}, false, Worker{}},
		{"apache other variable", &lint.Config{Source: lint.Apache, Directives: []*lint.Directive{dir("User", "${WEB_USER}")}}, false, Worker{}},
	} {
		got, ok := WorkerOf(c.cfg)
		if ok != c.ok || got != c.want {
			t.Errorf("%s: %+v %v, want %+v %v", c.name, got, ok, c.want, c.ok)
		}
	}
}

// Candidates is exactly the backends Listens accepts, in the set's order,
// whatever spelling of the socket or host the route uses.
func TestCandidates(t *testing.T) {
	bs := []*lint.Backend{
		{Name: "unix", Listen: []lint.Socket{{Unix: "/var/run/php/a.sock"}, {Unix: "/run/php/a.sock"}}},
		{Name: "all", Listen: []lint.Socket{{Port: 9000}}},
		{Name: "loop", Listen: []lint.Socket{{Host: "127.0.0.1", Port: 9000}, {Unix: "/run/b.sock"}}},
		{Name: "other", Listen: []lint.Socket{{Host: "10.0.0.5", Port: 9000}}},
		{Name: "none"},
		{Name: "unix2", Listen: []lint.Socket{{Unix: "/run/php/./a.sock"}}},
	}
	cfg := &lint.Config{Source: lint.PHPFPM, Backends: bs}
	s := collect([]*lint.Config{cfg}, "")
	for _, a := range []Addr{
		{Unix: "/run/php/a.sock"}, {Unix: "/var/run/php/a.sock"}, {Unix: "/run/b.sock"}, {Unix: "/run/c.sock"},
		{Host: "127.0.0.1", Port: 9000}, {Host: "10.0.0.5", Port: 9000}, {Host: "localhost", Port: 9000},
		{Host: "127.0.0.1", Port: 9001},
	} {
		var want []string
		for _, b := range bs {
			if Listens(b, a) != nil {
				want = append(want, b.Name)
			}
		}
		var got []string
		for _, b := range s.Candidates(a) {
			if Listens(b, a) != nil {
				got = append(got, b.Name)
			}
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%+v: candidates that listen %v, want %v", a, got, want)
		}
	}
}
