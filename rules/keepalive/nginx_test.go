package keepalive

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/edgelint/edgelint/rules/ruletest"
)

// TestAgainstNginx runs the real nginx in front of a backend that counts
// the connections it accepts: where the rule reports, every request opens
// a new connection; where it is silent, one connection serves them all.
func TestAgainstNginx(t *testing.T) {
	bin, err := exec.LookPath("nginx")
	if err != nil {
		t.Skip("nginx is not installed; .ci/run installs it")
	}
	out, _ := exec.Command(bin, "-v").CombinedOutput()
	if !strings.Contains(string(out), "nginx/1.2") || strings.Contains(string(out), "nginx/1.29.") {
		t.Skipf("the cases assume nginx before 1.29.7 (old defaults); found %s", out)
	}

	var conns atomic.Int64
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }),
		ConnState: func(_ net.Conn, s http.ConnState) {
			if s == http.StateNew {
				conns.Add(1)
			}
		},
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	cases := map[string]struct {
		server, location string
		reported         bool
	}{
		"defaults":      {"", "proxy_pass http://app;", true},
		"http11-only":   {"", "proxy_pass http://app; proxy_http_version 1.1;", true},
		"http11-clear":  {"", `proxy_pass http://app; proxy_http_version 1.1; proxy_set_header Connection "";`, false},
		"inherited":     {`proxy_http_version 1.1; proxy_set_header Connection "";`, "proxy_pass http://app;", false},
		"headers-reset": {`proxy_http_version 1.1; proxy_set_header Connection "";`, "proxy_pass http://app; proxy_set_header X-Trace 1;", true},
		"close":         {"", "proxy_pass http://app; proxy_http_version 1.1; proxy_set_header Connection close;", true},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			port := freePort(t)
			dir := t.TempDir()
			conf := filepath.Join(dir, "nginx.conf")
			text := fmt.Sprintf(`pid %[1]s/nginx.pid;
error_log %[1]s/error.log;
daemon off;
worker_processes 1;
events {}
http {
    access_log off;
    client_body_temp_path %[1]s/cb;
    proxy_temp_path %[1]s/p;
    fastcgi_temp_path %[1]s/f;
    uwsgi_temp_path %[1]s/u;
    scgi_temp_path %[1]s/s;
    upstream app {
        server %[2]s;
        keepalive 8;
    }
    server {
        listen 127.0.0.1:%[3]d;
        server_name localhost;
        %[4]s
        location /x/ {
            %[5]s
        }
    }
}
`, dir, ln.Addr(), port, c.server, c.location)
			if err := os.WriteFile(conf, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			found, errs := ruletest.Check(Ineffective, []string{conf}, ruletest.Options{})
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if (len(found) > 0) != c.reported {
				t.Fatalf("rule findings %d, want reported=%v", len(found), c.reported)
			}

			cmd := exec.Command(bin, "-p", dir, "-c", conf, "-e", filepath.Join(dir, "error.log"))
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { stop(cmd) })
			url := fmt.Sprintf("http://127.0.0.1:%d/x/", port)
			client := &http.Client{Timeout: 5 * time.Second}
			var up bool
			for i := 0; i < 100 && !up; i++ {
				if r, err := client.Get(url); err == nil {
					r.Body.Close()
					up = true
				} else {
					time.Sleep(50 * time.Millisecond)
				}
			}
			if !up {
				log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
				t.Fatalf("nginx did not answer: %s", log)
			}
			before := conns.Load()
			const n = 5
			for i := 0; i < n; i++ {
				r, err := client.Get(url)
				if err != nil {
					t.Fatal(err)
				}
				io.Copy(io.Discard, r.Body)
				r.Body.Close()
			}
			opened := conns.Load() - before
			t.Logf("%d requests → %d new backend connections", n, opened)
			if c.reported && opened != n {
				t.Errorf("reported as ineffective, yet %d requests opened %d connections", n, opened)
			}
			if !c.reported && opened != 0 {
				t.Errorf("not reported, yet %d requests opened %d new connections", n, opened)
			}
		})
	}
}

// stop shuts nginx down the way its workers go too (SIGTERM to the
// master); a killed master would leave its workers serving the port.
func stop(cmd *exec.Cmd) {
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		<-done
	}
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
