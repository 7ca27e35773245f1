package keepalive

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/edgelint/edgelint/internal/testsupport/realserver"
	"github.com/edgelint/edgelint/internal/testsupport/ruletest"
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// TestAgainstNginx runs the real nginx in front of a backend that counts
// the connections it accepts: where the rule reports, every request opens
// a new connection; where it is silent, one connection serves them all.
func TestAgainstNginx(t *testing.T) {
	v := realserver.NginxVersion(t)
	if !strings.HasPrefix(v, "1.2") || strings.HasPrefix(v, "1.29.") {
		t.Skipf("the cases assume nginx before 1.29.7 (old defaults); found %s", v)
	}
	// The rule is told the version it runs against, as a user would with
	// --nginx-version: with the assumed one it holds back the old-default
	// findings.
	ver, err := lint.ParseVersion(v)
	if err != nil {
		t.Fatal(err)
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
			port := realserver.FreePort(t)
			dir := t.TempDir()
			conf := realserver.WriteNginxConf(t, dir, fmt.Sprintf(`upstream app {
    server %[1]s;
    keepalive 8;
}
server {
    listen 127.0.0.1:%[2]d;
    server_name localhost;
    %[3]s
    location /x/ {
        %[4]s
    }
}`, ln.Addr(), port, c.server, c.location))
			found, errs := ruletest.Check(Ineffective, []string{conf}, ruletest.Options{Load: input.Options{NginxVersion: ver}})
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if (len(found) > 0) != c.reported {
				t.Fatalf("rule findings %d, want reported=%v", len(found), c.reported)
			}

			ngx := realserver.StartNginx(t, dir, conf, port)
			url := fmt.Sprintf("http://127.0.0.1:%d/x/", port)
			client := &http.Client{Timeout: 5 * time.Second}
			// The first request opens the connection nginx keeps (when
			// keepalive works); the count starts after it.
			r, err := client.Get(url)
			if err != nil {
				t.Fatalf("nginx did not answer: %v\n%s", err, ngx.Log())
			}
			r.Body.Close()
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
