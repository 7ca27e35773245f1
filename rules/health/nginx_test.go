package health

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/rules/ruletest"
)

// TestAgainstNginx checks health-check-plus-only on the real (open source)
// nginx: it reports exactly what nginx -t rejects, with nginx's message.
func TestAgainstNginx(t *testing.T) {
	bin, err := exec.LookPath("nginx")
	if err != nil {
		t.Skip("nginx is not installed; .ci/run installs it")
	}
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
			var temp strings.Builder
			for _, p := range []string{"client_body", "proxy", "fastcgi", "uwsgi", "scgi"} {
				fmt.Fprintf(&temp, "%s_temp_path %s;\n", p, filepath.Join(dir, p))
			}
			conf := filepath.Join(dir, "nginx.conf")
			text := fmt.Sprintf("pid %s/nginx.pid;\nerror_log %s/error.log;\nevents {}\nhttp {\n%s%s\n}\n", dir, dir, temp.String(), c.body)
			if err := os.WriteFile(conf, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(bin, "-t", "-q", "-p", dir, "-c", conf, "-e", "/dev/stderr").CombinedOutput()
			if c.nginx == "" && err != nil || c.nginx != "" && !strings.Contains(string(out), c.nginx) {
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
