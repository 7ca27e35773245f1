package tlsproxy

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/realserver"
	"github.com/edgelint/edgelint/internal/testsupport/ruletest"
)

// TestAgainstNginx checks the rule's claim on the real nginx: it reports
// exactly the configurations nginx -t rejects with "no *_trusted_certificate
// for *_ssl_verify". Addresses are IP literals and sockets so nginx -t
// needs no DNS.
func TestAgainstNginx(t *testing.T) {
	cases := map[string]struct {
		body   string
		reject bool
	}{
		"https":            {`proxy_ssl_verify on; server { listen 127.0.0.1:%d; location / { proxy_pass https://127.0.0.1:9; } }`, true},
		"https-trusted":    {`proxy_ssl_verify on; proxy_ssl_trusted_certificate ca.pem; server { listen 127.0.0.1:%d; location / { proxy_pass https://127.0.0.1:9; } }`, false},
		"http":             {`proxy_ssl_verify on; server { listen 127.0.0.1:%d; location / { proxy_pass http://127.0.0.1:9; } }`, false},
		"variable":         {`proxy_ssl_verify on; server { listen 127.0.0.1:%d; location / { set $b 127.0.0.1:9; proxy_pass http://$b; } }`, true},
		"https-socket":     {`server { listen 127.0.0.1:%d; location / { proxy_ssl_verify on; proxy_pass https://unix:/tmp/none.sock; } }`, true},
		"http-socket":      {`server { listen 127.0.0.1:%d; location / { proxy_ssl_verify on; proxy_pass http://unix:/tmp/none.sock; } }`, false},
		"verify-off-local": {`proxy_ssl_verify on; server { listen 127.0.0.1:%d; location / { proxy_ssl_verify off; proxy_pass https://127.0.0.1:9; } }`, false},
		"grpcs":            {`server { listen 127.0.0.1:%d; location / { grpc_ssl_verify on; grpc_pass grpcs://127.0.0.1:9; } }`, true},
		"grpc-variable":    {`grpc_ssl_verify on; server { listen 127.0.0.1:%d; location / { grpc_pass $http_x_backend; } }`, true},
		"suwsgi":           {`uwsgi_ssl_verify on; server { listen 127.0.0.1:%d; location / { uwsgi_pass suwsgi://127.0.0.1:9; } }`, true},
		"uwsgi":            {`uwsgi_ssl_verify on; server { listen 127.0.0.1:%d; location / { uwsgi_pass 127.0.0.1:9; } }`, false},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			conf := realserver.WriteNginxConf(t, dir, fmt.Sprintf(c.body, 18400))
			realserver.WriteFile(t, filepath.Join(dir, "ca.pem"), "")
			out, _ := realserver.NginxTest(t, dir, conf)
			rejected := strings.Contains(out, "_trusted_certificate for ")
			found, errs := ruletest.Check(VerifyWithoutCA, []string{conf}, ruletest.Options{})
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if rejected != c.reject {
				t.Errorf("nginx -t: %q; want rejected=%v", strings.TrimSpace(out), c.reject)
			}
			if (len(found) > 0) != c.reject {
				t.Errorf("rule findings: %d; nginx rejects: %v", len(found), c.reject)
			}
		})
	}
}
