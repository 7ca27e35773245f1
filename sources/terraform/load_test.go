package terraform_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/cli"
)

// check runs `edgelint check --format json args...` in dir and returns the
// exit code and the findings as "RULE file:line".
func check(t *testing.T, dir string, args ...string) (int, []string) {
	t.Helper()
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	code := cli.Main(append([]string{"check", "--format", "json"}, args...), nil, &stdout, &stderr)
	var res struct {
		Findings []struct {
			Rule string `json:"rule"`
			File string `json:"file"`
			Line int    `json:"line"`
		} `json:"findings"`
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		t.Fatalf("exit %d: %v\n%s%s", code, err, stdout.String(), stderr.String())
	}
	for _, e := range res.Errors {
		t.Errorf("load error: %s", e.Message)
	}
	var out []string
	for _, f := range res.Findings {
		out = append(out, f.Rule+" "+f.File+":"+itoa(f.Line))
	}
	sort.Strings(out)
	return code, out
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const sslOff = `resource "cloudflare_zone" "main" {
  zone = "example.net"
}

resource "cloudflare_zone_settings_override" "main" {
  zone_id = cloudflare_zone.main.id
  settings {
    ssl              = "off"
    always_use_https = "on"
  }
}
`

// Suppression comments work in .tf files as in nginx and Apache files: a
// comment above a block covers the block, a trailing comment its line, a
// suppression that hides nothing is reported where it stands.
func TestSuppressionComments(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       []string
	}{
		{"none", sslOff, []string{"EL7201 main.tf:8"}},
		{"above the resource", strings.Replace(sslOff, `resource "cloudflare_zone_settings_override"`,
			"# edgelint:ignore EL7201 the redirect is switched off in the next change\nresource \"cloudflare_zone_settings_override\"", 1), nil},
		{"trailing", strings.Replace(sslOff, `ssl              = "off"`,
			`ssl              = "off" # edgelint:ignore ssl-off-with-https-redirect staging only`, 1), nil},
		{"above another attribute", strings.Replace(sslOff, `    always_use_https = "on"`,
			"    // edgelint:ignore EL7201 wrong line\n    always_use_https = \"on\"", 1), []string{"EL7201 main.tf:8", "EL9002 main.tf:9"}},
		{"malformed", strings.Replace(sslOff, `resource "cloudflare_zone" "main" {`,
			"/* edgelint:ignore EL7201 */\nresource \"cloudflare_zone\" \"main\" {", 1), []string{"EL7201 main.tf:9", "EL9001 main.tf:1"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, map[string]string{"main.tf": c.text})
			_, got := check(t, dir, ".")
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("findings %v, want %v", got, c.want)
			}
		})
	}
}

// A zone in Terraform and its origin in the same tree give the
// cross-layer findings; --terraform-plan reads the zone from the plan
// instead of the .tf files, so no zone is linted twice.
func TestCrossLayerAndPlan(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"infra/main.tf": `resource "cloudflare_zone" "main" {
  zone = "example.com"
}

resource "cloudflare_zone_settings_override" "main" {
  zone_id = cloudflare_zone.main.id
  settings {
    ssl = var.ssl
  }
}

variable "ssl" {
  type = string
}

resource "cloudflare_record" "www" {
  zone_id = cloudflare_zone.main.id
  name    = "www"
  type    = "A"
  content = "203.0.113.10"
  proxied = true
}
`,
		"nginx/nginx.conf": "events {}\nhttp {\n    server {\n        listen 443 ssl;\n        server_name www.example.com;\n        ssl_certificate /etc/ssl/a.pem;\n        ssl_certificate_key /etc/ssl/a.key;\n        location / { proxy_pass http://127.0.0.1:8080; }\n    }\n}\n",
		// ssl given on the command line: -var ssl=flexible
		"plan.json": `{"format_version": "1.2",
 "planned_values": {"root_module": {"resources": [
  {"address": "cloudflare_zone.main", "mode": "managed", "type": "cloudflare_zone", "name": "main", "values": {"zone": "example.com"}},
  {"address": "cloudflare_zone_settings_override.main", "mode": "managed", "type": "cloudflare_zone_settings_override", "name": "main", "values": {"settings": [{"ssl": "flexible"}]}},
  {"address": "cloudflare_record.www", "mode": "managed", "type": "cloudflare_record", "name": "www", "values": {"name": "www", "type": "A", "content": "203.0.113.10", "proxied": true}}]}},
 "resource_changes": [
  {"address": "cloudflare_zone.main", "mode": "managed", "type": "cloudflare_zone", "change": {"actions": ["create"], "after_unknown": {"id": true}}},
  {"address": "cloudflare_zone_settings_override.main", "mode": "managed", "type": "cloudflare_zone_settings_override", "change": {"actions": ["create"], "after_unknown": {"id": true, "zone_id": true}}},
  {"address": "cloudflare_record.www", "mode": "managed", "type": "cloudflare_record", "change": {"actions": ["create"], "after_unknown": {"id": true, "zone_id": true}}}],
 "configuration": {"root_module": {"resources": [
  {"address": "cloudflare_zone_settings_override.main", "expressions": {"zone_id": {"references": ["cloudflare_zone.main.id", "cloudflare_zone.main"]}}},
  {"address": "cloudflare_record.www", "expressions": {"zone_id": {"references": ["cloudflare_zone.main.id", "cloudflare_zone.main"]}}}]}}}
`,
	})
	// The .tf files do not know the SSL mode: nothing to say about it.
	if code, got := check(t, dir, "."); code != cli.ExitOK || len(got) != 0 {
		t.Errorf("modules: exit %d, findings %v", code, got)
	}
	// The plan does: Flexible connects to port 80, where nothing listens.
	code, got := check(t, dir, "--terraform-plan", "plan.json", ".")
	if want := []string{"EL1301 :0"}; code != cli.ExitFindings || strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("plan: exit %d, findings %v, want %v", code, got, want)
	}
}
