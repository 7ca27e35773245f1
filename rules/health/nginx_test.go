package health

import (
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/realserver"
	"github.com/edgelint/edgelint/internal/testsupport/ruletest"
)

// TestAgainstNginx checks health-check-plus-only on the real (open source)
// nginx: it reports exactly what nginx -t rejects, with nginx's message.
func TestAgainstNginx(t *testing.T) {
	cases := map[string]struct {
		body  string
		nginx string // nginx's error, "" when it accepts the configuration
	}{
		"health_check": {`server { listen 127.0.0.1:18401; location / { proxy_pass http://127.0.0.1:9; health_check; } }`, `unknown directive "health_check"`},
		"match":        {`match ok { status 200; } server { listen 127.0.0.1:18401; }`, `unknown directive "match"`},
		"slow_start":   {`upstream u { server 127.0.0.1:9 slow_start=30s; } server { listen 127.0.0.1:18401; }`, `invalid parameter "slow_start=30s"`},
		"passive":      {`upstream u { server 127.0.0.1:9 max_fails=2 fail_timeout=5s; server 127.0.0.1:10 backup; } server { listen 127.0.0.1:18401; location / { proxy_pass http://u; } }`, ""},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			conf := realserver.WriteNginxConf(t, dir, c.body)
			out, ok := realserver.NginxTest(t, dir, conf)
			if c.nginx == "" && !ok || c.nginx != "" && !strings.Contains(out, c.nginx) {
				t.Fatalf("nginx -t: %q; want %q", out, c.nginx)
			}
			found, errs := ruletest.Check(PlusOnly, []string{conf}, ruletest.Options{})
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if c.nginx == "" {
				for _, f := range found {
					t.Errorf("nginx accepts it, yet: %s", f.Message)
				}
				return
			}
			if len(found) != 1 || !strings.Contains(found[0].Message, c.nginx) {
				t.Errorf("want one finding quoting %q, got %v", c.nginx, found)
			}
		})
	}
}
