package cli

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/edgelint/edgelint/internal/projectconfig"
	"github.com/edgelint/edgelint/rules/timeouts"
)

const snapshotTwoRecords = `{"format": "edgelint-cloudflare-snapshot", "version": 1,
 "zones": [{"zone": {"id": "z1", "name": "example.com", "account": {"id": "a1"}},
   "dns_records": [
     {"id": "r1", "type": "CNAME", "name": "www.example.com", "content": "origin.example.com", "proxied": true, "ttl": 1},
     {"id": "r2", "type": "A", "name": "api.example.com", "content": "198.51.100.4", "proxied": true, "ttl": 1}]}]}
`

func TestConfigFile(t *testing.T) {
	useTestRules(t)
	dir := inTemp(t, map[string]string{
		"nginx/nginx.conf":       "events {}\nhttp {\n    include /etc/nginx/sites/*.conf;\n}\n",
		"nginx/sites/app.conf":   "server {\n    listen 80;\n    add_header X-Lint bad;\n    add_header X-Lint worse;\n    add_header X-Lint-Error e;\n}\n",
		"nginx/legacy/old.conf":  "server {\n    listen 80;\n    add_header X-Lint worse;\n}\n",
		"cloudflare/export.json": snapshotTwoRecords,
		".edgelint.yaml": `# the project's settings
rules:
  test-marker:
    options:
      word: worse
  EL9902:
    severity: info
exclude:
  - paths: ["nginx/legacy/**"]
    reason: being rewritten
  - resources: ["cloudflare:zone/example.com/dns_records/api.*"]
    rules: [test-proxied-record]
    reason: the API hostname is a deliberate DNS-only canary
mappings:
  - from: /etc/nginx
    to: nginx
`,
	})
	want := []string{
		"EL9903 0 record www.example.com is proxied",
		"EL9901 4 marker worse",
		"EL9902 5 error marker: e",
	}
	expectFindings(t, findings(t, "nginx/nginx.conf", "cloudflare/export.json"), want...)
	o := decodeJSON(t, run(t, "check", "--format", "json", "nginx/nginx.conf").stdout)
	if o.Findings[1].Severity != "info" || o.Findings[0].File != "nginx/sites/app.conf" {
		t.Errorf("%+v", o.Findings)
	}
	// info findings do not fail the default gate
	run(t, "check", "--disable", "EL9901", "nginx/nginx.conf").expect(t, 0)

	// found upward from a subdirectory; paths stay relative to the file
	t.Chdir(filepath.Join(dir, "nginx"))
	expectFindings(t, findings(t, "nginx.conf", "legacy/old.conf"), "EL9901 4 marker worse", "EL9902 5 ")

	// --config names another file; the found one is then not read
	if err := os.WriteFile(filepath.Join(dir, "strict.yaml"), []byte("disable: all\nenable: [EL9902]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	expectFindings(t, findings(t, "--config", "../strict.yaml", "sites/app.conf"), "EL9902 5 ")
}

func TestConfigErrorsNameTheLine(t *testing.T) {
	useTestRules(t)
	for _, c := range []struct{ yaml, want string }{
		{"rules:\n  test-marker:\n    options:\n      wrod: x\n", `.edgelint.yaml:4:7: unknown key "wrod" in rules.test-marker.options (known keys: word)`},
		{"disable: [EL9901]\nexclude:\n  - paths: [x]\n", ".edgelint.yaml:3:5: exclude: every exclusion needs a reason"},
		{"enable: [no-such-rule]\n", `.edgelint.yaml:1:10: enable: unknown rule "no-such-rule"`},
		{"rules:\n  EL9901:\n    severity: loud\n", `.edgelint.yaml:3:15: rules.EL9901.severity: "loud" is not error, warning or info`},
	} {
		inTemp(t, map[string]string{"nginx.conf": twoMarkers, ".edgelint.yaml": c.yaml})
		r := run(t, "check").expect(t, 3)
		if !strings.Contains(r.stderr, c.want) {
			t.Errorf("%q: stderr %q, want %q", c.yaml, r.stderr, c.want)
		}
	}
}

func TestCloudflareSnapshotFlag(t *testing.T) {
	useTestRules(t)
	inTemp(t, map[string]string{"nginx.conf": twoMarkers, "zones/snap.json": snapshotTwoRecords})
	expectFindings(t, findings(t, "--cloudflare-snapshot", "zones/snap.json", "nginx.conf"),
		"EL9903 0 record api.example.com", "EL9903 0 record www.example.com", "EL9901 6", "EL9901 9")
	r := run(t, "check", "--cloudflare-snapshot", "missing.json", "nginx.conf").expect(t, 2)
	if !strings.Contains(r.stdout, "missing.json") {
		t.Errorf("stdout %s", r.stdout)
	}
}

// A real rule's bad option stops the run before any check, at its line.
func TestBadRuleOptionExits3(t *testing.T) {
	inTemp(t, map[string]string{"nginx.conf": nginxConf(),
		".edgelint.yaml": "rules:\n  EL4001:\n    options:\n      floor: banana\n"})
	r := run(t, "check", "nginx.conf").expect(t, 3)
	if want := `.edgelint.yaml:4:14: rules.EL4001.options.floor: "banana" is not a duration like 30s`; !strings.Contains(r.stderr, want) {
		t.Errorf("stderr %q, want %q", r.stderr, want)
	}
}

// cloudflare.read-timeout reaches the real cross-layer rule's option.
func TestCloudflareReadTimeoutReachesTheRule(t *testing.T) {
	inTemp(t, map[string]string{".edgelint.yaml": "cloudflare:\n  read-timeout: 100s\n"})
	e := &env{stdout: io.Discard, stderr: io.Discard}
	s, err := e.prepare(&lintFlags{failOn: "warning"})
	if err != nil {
		t.Fatal(err)
	}
	opts, ok := s.settings[projectconfig.ReadTimeoutRule].Options.(*timeouts.CDNReadTimeoutOptions)
	if !ok || opts.Default != 100*time.Second {
		t.Fatalf("EL4301 options %#v", s.settings[projectconfig.ReadTimeoutRule].Options)
	}
}
