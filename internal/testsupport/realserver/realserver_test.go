package realserver

import (
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNginxTest(t *testing.T) {
	dir := t.TempDir()
	if out, ok := NginxTest(t, dir, WriteNginxConf(t, dir, "server { listen 127.0.0.1:18499; }")); !ok {
		t.Errorf("nginx -t rejects the harness's own configuration:\n%s", out)
	}
	dir = t.TempDir()
	out, ok := NginxTest(t, dir, WriteNginxConf(t, dir, "no_such_directive on;"))
	if ok || !strings.Contains(out, `unknown directive "no_such_directive"`) {
		t.Errorf("nginx -t: ok=%v, want the unknown-directive error:\n%s", ok, out)
	}
}

func TestApacheTest(t *testing.T) {
	dir := Dir(t)
	conf := filepath.Join(dir, "httpd.conf")
	WriteFile(t, conf, ApacheConfig(dir, 18498, "", "ProxyPass / http://127.0.0.1:9/"))
	if out, ok := ApacheTest(t, dir, conf); !ok {
		t.Errorf("apache2 -t rejects the harness's own configuration:\n%s", out)
	}
	WriteFile(t, conf, ApacheConfig(dir, 18498, "NoSuchDirective on", ""))
	if out, ok := ApacheTest(t, dir, conf); ok || !strings.Contains(out, "NoSuchDirective") {
		t.Errorf("apache2 -t: ok=%v, want the invalid-command error:\n%s", ok, out)
	}
}

// Both servers answer on their port while the test runs, and Stop ends
// them (the port then refuses).
func TestStart(t *testing.T) {
	dir, port := Dir(t), FreePort(t)
	ngx := StartNginx(t, dir, WriteNginxConf(t, dir, fmt.Sprintf("server { listen 127.0.0.1:%d; return 204; }", port)), port)
	expectStatus(t, ngx, 204)

	dir, port = Dir(t), FreePort(t)
	conf := filepath.Join(dir, "httpd.conf")
	WriteFile(t, conf, ApacheConfig(dir, port, "", "ProxyPass / http://127.0.0.1:9/"))
	httpd := StartApache(t, dir, conf, port)
	expectStatus(t, httpd, 503)

	for _, s := range []*Server{ngx, httpd} {
		s.Stop()
		if r, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/", s.Port)); err == nil {
			r.Body.Close()
			t.Errorf("%s still answers after Stop", s.Kind)
		}
	}
}

func expectStatus(t *testing.T, s *Server, want int) {
	t.Helper()
	r, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/", s.Port))
	if err != nil {
		t.Fatalf("%s: %v\n%s", s.Kind, err, s.Log())
	}
	r.Body.Close()
	if r.StatusCode != want {
		t.Errorf("%s answered %d, want %d\n%s", s.Kind, r.StatusCode, want, s.Log())
	}
}

// recorder notes what a helper asks of its test instead of ending it.
type recorder struct {
	testing.TB
	fatal, skip string
}

func (r *recorder) Helper()                        {}
func (r *recorder) Fatalf(format string, a ...any) { r.fatal = fmt.Sprintf(format, a...) }
func (r *recorder) Skipf(format string, a ...any)  { r.skip = fmt.Sprintf(format, a...) }
func (r *recorder) Skip(a ...any)                  { r.skip = fmt.Sprint(a...) }

// The switch: a missing program fails the test in CI (or with
// EDGELINT_REAL_SERVERS=1) and skips it, saying why, elsewhere; -short
// skips even an installed one, except in CI.
func TestSwitch(t *testing.T) {
	const (
		fail      = "edgelint-no-such-server is not installed; CI must install it (apt-get install nginx apache2 php-fpm php-mysql mariadb-server pre-commit)"
		skip      = "edgelint-no-such-server is not installed: skipping the real-server test (install nginx, apache2, php-fpm, php-mysql, mariadb-server and pre-commit to run it)"
		shortSkip = "real-server test: go test -short leaves it out (CI=true or EDGELINT_REAL_SERVERS=1 runs it)"
	)
	short := flag.Lookup("test.short")
	defer short.Value.Set(short.Value.String())
	for _, c := range []struct {
		ci, env, short, fatal, skip string
	}{
		{"true", "", "false", fail, ""},
		{"true", "", "true", fail, ""},
		{"", "1", "true", fail, ""},
		{"", "", "false", "", skip},
		{"", "", "true", "", shortSkip},
		{"false", "0", "false", "", skip},
	} {
		t.Setenv("CI", c.ci)
		t.Setenv("EDGELINT_REAL_SERVERS", c.env)
		short.Value.Set(c.short)
		r := &recorder{TB: t}
		if c.short == "true" && c.skip != "" {
			// Skip ends the test in real life; the recorder only notes it.
			Require(r)
		} else {
			Binary(r, "edgelint-no-such-server")
		}
		if r.fatal != c.fatal || r.skip != c.skip {
			t.Errorf("CI=%q EDGELINT_REAL_SERVERS=%q -short=%s: Fatalf %q, Skip %q; want %q, %q", c.ci, c.env, c.short, r.fatal, r.skip, c.fatal, c.skip)
		}
	}
}

// A missing Apache module is a missing program: CI fails, elsewhere the
// test skips saying which module.
func TestApacheModuleSwitch(t *testing.T) {
	if _, err := os.Stat(ApacheModules); err != nil {
		t.Skip("no Apache module directory here; TestSwitch covers the switch")
	}
	short := flag.Lookup("test.short")
	defer short.Value.Set(short.Value.String())
	short.Value.Set("false")
	for _, ci := range []string{"true", ""} {
		t.Setenv("CI", ci)
		t.Setenv("EDGELINT_REAL_SERVERS", "")
		r := &recorder{TB: t}
		ApacheModule(r, "edgelint_no_such_module")
		got := r.skip
		if ci == "true" {
			got = r.fatal
		}
		if !strings.Contains(got, "mod_edgelint_no_such_module is not installed") {
			t.Errorf("CI=%q: Fatalf %q, Skip %q", ci, r.fatal, r.skip)
		}
	}
}
