package reach_test

import (
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/edgelint/edgelint/internal/testsupport/realserver"
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules"
	"github.com/edgelint/edgelint/sources"
	"github.com/edgelint/edgelint/sources/input"
)

// The reproducers of internal/repro/ cover EL7101, EL7102 and EL2101 against a real
// Apache; these cover the two failures that need no backend at all: a
// balancer without members (EL1101) and a worker URL with an invalid port
// (EL1102). httpd starts with both and fails each request as the rules
// predict; the fixed configurations lint clean.
func TestReproBalancerAndPort(t *testing.T) {
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
			dir, port := realserver.Dir(t), realserver.FreePort(t)
			conf := filepath.Join(dir, "httpd.conf")
			config := func(routes string) string { return realserver.ApacheConfig(dir, port, "", routes) }

			// (c, first) the fixed configuration lints clean.
			realserver.WriteFile(t, conf, config(c.fixed))
			if n := findings(t, conf, c.rule); n != 0 {
				t.Errorf("%s: %d findings on the fixed configuration", c.rule, n)
			}

			// (a) edgelint reports the broken one.
			realserver.WriteFile(t, conf, config(c.routes))
			if n := findings(t, conf, c.rule); n != 1 {
				t.Fatalf("%s: %d findings on the broken configuration, want 1", c.rule, n)
			}

			// (b) httpd starts and fails the request as predicted.
			httpd := realserver.StartApache(t, dir, conf, port)
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
				logText = httpd.Log()
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
