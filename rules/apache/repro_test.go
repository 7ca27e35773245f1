package apache_test

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules"
	"github.com/edgelint/edgelint/sources"
	"github.com/edgelint/edgelint/sources/input"
)

// The reproducers of repro/ cover EL7101, EL7102 and EL2101 against a real
// Apache; these cover the two failures that need no backend at all: a
// balancer without members (EL1101) and a worker URL with an invalid port
// (EL1102). httpd starts with both and fails each request as the rules
// predict; the fixed configurations lint clean.
func TestReproBalancerAndPort(t *testing.T) {
	bin, err := exec.LookPath("apache2")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("apache2 is not installed")
		}
		t.Skip("apache2 not installed")
	}
	const mods = "/usr/lib/apache2/modules"
	if _, err := os.Stat(filepath.Join(mods, "mod_proxy_balancer.so")); err != nil {
		t.Skip("Debian apache2 modules not found")
	}
	for _, c := range []struct {
		rule, routes, fixed string
		status              int
		log                 string
	}{
		{"apache-undefined-balancer",
			"ProxyPass /app/ balancer://app/\n<Proxy balancer://apps>\n    BalancerMember http://127.0.0.1:9\n</Proxy>",
			"ProxyPass /app/ balancer://apps/\n<Proxy balancer://apps>\n    BalancerMember http://127.0.0.1:9\n</Proxy>",
			503, "AH01171: balancer://app: No workers in balancer"},
		{"apache-invalid-port", "ProxyPass /app/ http://127.0.0.1:80800/", "ProxyPass /app/ http://127.0.0.1:8080/",
			400, "AH01083: error parsing URL http://127.0.0.1:80800: Invalid host/port"},
	} {
		t.Run(c.rule, func(t *testing.T) {
			dir, err := os.MkdirTemp("", "edgelint-apache-")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.RemoveAll(dir) })
			if err := os.Chmod(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			port := freePort(t)
			var load strings.Builder
			for _, m := range []string{"mpm_event", "authz_core", "proxy", "proxy_http", "proxy_balancer", "slotmem_shm", "lbmethod_byrequests"} {
				fmt.Fprintf(&load, "LoadModule %s_module %s/mod_%s.so\n", m, mods, m)
			}
			user := ""
			if os.Geteuid() == 0 {
				user = "User nobody\nGroup nogroup\n"
			}
			conf := filepath.Join(dir, "httpd.conf")
			config := func(routes string) string {
				return fmt.Sprintf("ServerRoot %[1]s\nServerName localhost\nListen 127.0.0.1:%[2]d\nPidFile %[1]s/httpd.pid\nDefaultRuntimeDir %[1]s\nMutex file:%[1]s default\nErrorLog %[1]s/error.log\nLogLevel warn\n%[3]s%[4]s<VirtualHost 127.0.0.1:%[2]d>\n    ServerName www.example.test\n%[5]s\n</VirtualHost>\n",
					dir, port, load.String(), user, routes)
			}

			// (c, first) the fixed configuration lints clean.
			if err := os.WriteFile(conf, []byte(config(c.fixed)), 0o644); err != nil {
				t.Fatal(err)
			}
			if n := findings(t, conf, c.rule); n != 0 {
				t.Errorf("%s: %d findings on the fixed configuration", c.rule, n)
			}

			// (a) edgelint reports the broken one.
			if err := os.WriteFile(conf, []byte(config(c.routes)), 0o644); err != nil {
				t.Fatal(err)
			}
			if n := findings(t, conf, c.rule); n != 1 {
				t.Fatalf("%s: %d findings on the broken configuration, want 1", c.rule, n)
			}

			// (b) httpd starts and fails the request as predicted.
			cmd := exec.Command(bin, "-f", conf, "-DFOREGROUND")
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan struct{})
			go func() { cmd.Wait(); close(exited) }()
			t.Cleanup(func() {
				syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
				select {
				case <-exited:
				case <-time.After(10 * time.Second):
					syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
					<-exited
				}
			})
			waitPort(t, port, exited)
			resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/app/x", port))
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != c.status {
				t.Errorf("status %d, want %d", resp.StatusCode, c.status)
			}
			var logText string
			for i := 0; i < 50 && !strings.Contains(logText, c.log); i++ {
				data, _ := os.ReadFile(filepath.Join(dir, "error.log"))
				logText = string(data)
				if !strings.Contains(logText, c.log) {
					time.Sleep(100 * time.Millisecond) // the worker writes the log line after answering
				}
			}
			if !strings.Contains(logText, c.log) {
				t.Errorf("error log lacks %q:\n%s", c.log, logText)
			}
		})
	}
}

func findings(t *testing.T, path, rule string) int {
	t.Helper()
	reg, err := rules.Registry()
	if err != nil {
		t.Fatal(err)
	}
	r, ok := reg.Lookup(rule)
	if !ok {
		t.Fatalf("no rule %s", rule)
	}
	res := sources.Load([]string{path}, "", input.Options{})
	fs, errs := (&lint.Runner{Rules: []*lint.Rule{r}}).Run(res.Configs)
	for _, e := range append(res.Errors, errs...) {
		t.Errorf("load error: %v", e)
	}
	return len(fs)
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// waitPort waits until httpd accepts connections (or exits).
func waitPort(t *testing.T, port int, exited chan struct{}) {
	t.Helper()
	for i := 0; i < 100; i++ {
		select {
		case <-exited:
			t.Fatal("apache2 exited at start")
		default:
		}
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), 200*time.Millisecond)
		if err == nil {
			c.Close()
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("apache2 did not start listening")
}
