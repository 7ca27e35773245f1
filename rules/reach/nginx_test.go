package reach_test

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
	"github.com/edgelint/edgelint/rules/reach"
	"github.com/edgelint/edgelint/rules/retry"
	"github.com/edgelint/edgelint/rules/timeouts"
	"github.com/edgelint/edgelint/sources/input"
)

// The reproducers: for the headline rules of the reachability, timeout and
// retry families, the real nginx shows the status and the log line the rule
// predicts for the broken configuration, and serves the fixed one. Rules
// about start failures are checked against `nginx -t`.

// backend serves 200 "ok", after delay, and counts the requests it sees.
func backend(t *testing.T, delay time.Duration, hits *atomic.Int64) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		time.Sleep(delay)
		io.WriteString(w, "ok")
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// serve starts nginx on conf, GETs path, stops nginx and returns the
// status and the error log.
func serve(t *testing.T, dir, conf string, port int, path string) (int, string) {
	t.Helper()
	s := realserver.StartNginx(t, dir, conf, port)
	client := &http.Client{Timeout: 30 * time.Second}
	r, err := client.Get(fmt.Sprintf("http://127.0.0.1:%d%s", port, path))
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, r.Body)
	r.Body.Close()
	s.Stop()
	return r.StatusCode, s.Log()
}

type liveCase struct {
	name   string
	rule   *lint.Rule
	opts   any
	body   string // http{} body; %[1]d is nginx's port, %[2]s..%[4]s backends
	status int    // what the client gets
	log    string // what the error log says ("" for nothing in particular)
	hits   int64  // requests the backends saw in total (-1: not checked)
	report bool   // whether the rule reports the configuration
}

func TestReproducersLive(t *testing.T) {
	var hits atomic.Int64
	fast := backend(t, 0, &hits)
	slow := []string{backend(t, 1500*time.Millisecond, &hits), backend(t, 1500*time.Millisecond, &hits), backend(t, 1500*time.Millisecond, &hits)}
	fastPort := fast[strings.LastIndexByte(fast, ':')+1:]

	cases := []liveCase{
		{
			name: "EL1001/broken", rule: reach.VariablePassWithoutResolver, report: true,
			body:   `server { listen 127.0.0.1:%[1]d; location / { set $b localhost:` + fastPort + `; proxy_pass http://$b; } }`,
			status: 502, log: "no resolver defined to resolve localhost", hits: 0,
		},
		{
			name: "EL1001/fixed", rule: reach.VariablePassWithoutResolver,
			body:   `server { listen 127.0.0.1:%[1]d; location / { set $b 127.0.0.1:` + fastPort + `; proxy_pass http://$b; } }`,
			status: 200, hits: 1,
		},
		// The location's own set replaces the server's for its requests:
		// nginx never resolves the server-level name.
		{
			name: "EL1001/location-overrides-server", rule: reach.VariablePassWithoutResolver,
			body:   `server { listen 127.0.0.1:%[1]d; set $b localhost:` + fastPort + `; location / { set $b 127.0.0.1:` + fastPort + `; proxy_pass http://$b; } }`,
			status: 200, hits: 1,
		},
		{
			name: "EL1003/broken", rule: reach.PoolUnusable, report: true,
			body: `upstream app { server ` + fast + ` down; server ` + slow[0] + ` down; }
    server { listen 127.0.0.1:%[1]d; location / { proxy_pass http://app; } }`,
			status: 502, log: "no live upstreams while connecting to upstream", hits: 0,
		},
		{
			name: "EL1003/fixed", rule: reach.PoolUnusable,
			body: `upstream app { server ` + slow[0] + ` down; server ` + fast + `; }
    server { listen 127.0.0.1:%[1]d; location / { proxy_pass http://app; } }`,
			status: 200, hits: 1,
		},
		{
			name: "EL4001/broken", rule: timeouts.ReadTimeoutShort, report: true,
			body:   `server { listen 127.0.0.1:%[1]d; location / { proxy_pass http://` + slow[0] + `; proxy_read_timeout 1s; } }`,
			status: 504, log: "upstream timed out (110: Connection timed out) while reading response header from upstream", hits: 1,
		},
		{
			name: "EL4001/fixed", rule: timeouts.ReadTimeoutShort,
			body:   `server { listen 127.0.0.1:%[1]d; location / { proxy_pass http://` + slow[0] + `; proxy_read_timeout 30s; } }`,
			status: 200, hits: 1,
		},
		// With an outer budget of 2s, three servers × 1s is over it: the
		// slow request runs on all three before the client gets its 504.
		{
			name: "EL8001/broken", rule: retry.UnboundedTimeoutRetries, opts: &retry.Options{OuterTimeout: 2 * time.Second}, report: true,
			body: `upstream app { server ` + slow[0] + `; server ` + slow[1] + `; server ` + slow[2] + `; }
    server { listen 127.0.0.1:%[1]d; location / { proxy_pass http://app; proxy_read_timeout 1s; } }`,
			status: 504, log: "upstream timed out", hits: 3,
		},
		{
			name: "EL8001/fixed", rule: retry.UnboundedTimeoutRetries, opts: &retry.Options{OuterTimeout: 2 * time.Second},
			body: `upstream app { server ` + slow[0] + `; server ` + slow[1] + `; server ` + slow[2] + `; }
    server { listen 127.0.0.1:%[1]d; location / { proxy_pass http://app; proxy_read_timeout 1s; proxy_next_upstream_tries 1; } }`,
			status: 504, log: "upstream timed out", hits: 1,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			port := realserver.FreePort(t)
			conf := realserver.WriteNginxConf(t, dir, fmt.Sprintf(c.body, port))
			found, errs := ruletest.Check(c.rule, []string{conf}, ruletest.Options{Rule: c.opts})
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if (len(found) > 0) != c.report {
				t.Fatalf("%s findings: %v, want reported=%v", c.rule.ID, found, c.report)
			}
			before := hits.Load()
			// A backend counts a request when it arrives, before nginx
			// can time out on it, so the count is complete when the
			// client has its answer.
			status, log := serve(t, dir, conf, port, "/")
			if status != c.status {
				t.Errorf("status %d, want %d; log:\n%s", status, c.status, log)
			}
			if c.log != "" && !strings.Contains(log, c.log) {
				t.Errorf("error log lacks %q:\n%s", c.log, log)
			}
			if got := hits.Load() - before; c.hits >= 0 && got != c.hits {
				t.Errorf("backends saw %d requests, want %d", got, c.hits)
			}
		})
	}
}

type startCase struct {
	name    string
	rule    *lint.Rule
	version bool   // load with the installed nginx version as the target
	body    string // http{} body
	emerg   string // what nginx -t says; "" when it must pass
	report  bool
}

// TestReproducersStart: where a rule predicts that nginx refuses to start,
// nginx -t fails with the message the rule quotes, and passes on the fix.
func TestReproducersStart(t *testing.T) {
	version := lint.MustVersion(realserver.NginxVersion(t))
	cases := []startCase{
		{name: "EL1002/broken", rule: reach.AddressInvalid, report: true,
			body:  `upstream backend { server 127.0.0.1:8080; } server { listen 127.0.0.1:8081; location / { proxy_pass http://backend:8080; } }`,
			emerg: `upstream "backend" may not have port 8080`},
		{name: "EL1002/fixed", rule: reach.AddressInvalid,
			body: `upstream backend { server 127.0.0.1:8080; } server { listen 127.0.0.1:8081; location / { proxy_pass http://backend; } }`},
		{name: "EL1002/port", rule: reach.AddressInvalid, report: true,
			body:  `server { listen 127.0.0.1:8081; location / { proxy_pass http://127.0.0.1:APP_PORT; } }`,
			emerg: `invalid port in upstream "127.0.0.1:APP_PORT"`},
		{name: "EL1002/no-port", rule: reach.AddressInvalid, report: true,
			body:  `server { listen 127.0.0.1:8081; location / { fastcgi_pass 127.0.0.1; } }`,
			emerg: `no port in upstream "127.0.0.1"`},
		{name: "EL1003/backup-only", rule: reach.PoolUnusable, report: true,
			body:  `upstream app { server 127.0.0.1:8080 backup; } server { listen 127.0.0.1:8081; location / { proxy_pass http://app; } }`,
			emerg: `no servers in upstream "app"`},
		{name: "EL1003/empty", rule: reach.PoolUnusable, report: true,
			body:  `upstream app { } server { listen 127.0.0.1:8081; location / { proxy_pass http://app; } }`,
			emerg: `no servers are inside upstream`},
		{name: "EL1004/no-port", rule: reach.UpstreamNameUnknown, report: true,
			body:  `upstream php_backends { server 127.0.0.1:9000; } server { listen 127.0.0.1:8081; location / { fastcgi_pass php_backend; } }`,
			emerg: `no port in upstream "php_backend"`},
		{name: "EL1004/near-miss", rule: reach.UpstreamNameUnknown, report: true,
			body:  `upstream app_servers { server 127.0.0.1:8080; } server { listen 127.0.0.1:8081; location / { proxy_pass http://app_server; } }`,
			emerg: `host not found in upstream "app_server"`},
		{name: "EL1004/fixed", rule: reach.UpstreamNameUnknown,
			body: `upstream app_servers { server 127.0.0.1:8080; } server { listen 127.0.0.1:8081; location / { proxy_pass http://app_servers; } }`},
		// Open source nginx refuses an empty group even with a zone; the
		// rule stays silent because that is how an NGINX Plus group filled
		// through the API is written (a deliberate miss, see the doc).
		{name: "EL1003/zone-empty", rule: reach.PoolUnusable,
			body:  `upstream app { zone app 64k; } server { listen 127.0.0.1:8081; location / { proxy_pass http://app; } }`,
			emerg: `no servers are inside upstream`},
	}
	if !version.AtLeast("1.27.3") {
		cases = append(cases, startCase{name: "EL1008/broken", rule: reach.ResolveUnsupported, version: true, report: true,
			body:  `resolver 127.0.0.1; upstream app { zone app 64k; server localhost:8080 resolve; } server { listen 127.0.0.1:8081; location / { proxy_pass http://app; } }`,
			emerg: `invalid parameter "resolve"`})
	} else {
		cases = append(cases, startCase{name: "EL1005/broken", rule: reach.ResolveIncomplete, version: true, report: true,
			body:  `resolver 127.0.0.1; upstream app { server localhost:8080 resolve; } server { listen 127.0.0.1:8081; location / { proxy_pass http://app; } }`,
			emerg: `to be in shared memory`})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			conf := realserver.WriteNginxConf(t, dir, c.body)
			var o ruletest.Options
			if c.version {
				o.Load = input.Options{NginxVersion: version, NginxEdition: "oss"}
			}
			found, errs := ruletest.Check(c.rule, []string{conf}, o)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if (len(found) > 0) != c.report {
				t.Fatalf("%s findings: %v, want reported=%v", c.rule.ID, found, c.report)
			}
			out, ok := realserver.NginxTest(t, dir, conf)
			switch {
			case c.emerg == "" && !ok:
				t.Errorf("nginx -t fails on the fixed configuration: %s", out)
			case c.emerg != "" && (ok || !strings.Contains(out, c.emerg)):
				t.Errorf("nginx -t: want failure %q, got ok=%v: %s", c.emerg, ok, out)
			}
			for _, f := range found {
				if c.emerg != "" && !strings.Contains(f.Message, c.emerg) {
					t.Errorf("the finding does not quote nginx's message %q: %s", c.emerg, f.Message)
				}
			}
		})
	}
}
