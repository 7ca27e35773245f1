package terraform_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/cli"
	"github.com/edgelint/edgelint/sources/input"
	"github.com/edgelint/edgelint/sources/terraform"
)

// zoneChild is a child module that creates a zone with one proxied
// record whose address the call gives.
const zoneChild = `variable "name" {
  type = string
}

variable "origin" {
  type    = string
  default = "203.0.113.1"
}

resource "cloudflare_zone" "this" {
  zone = var.name
}

resource "cloudflare_record" "apex" {
  zone_id = cloudflare_zone.this.id
  name    = "@"
  type    = "A"
  content = var.origin
  proxied = true
}

output "zone_id" {
  value = cloudflare_zone.this.id
}
`

// A root that builds its zone through a local module gets the child's
// resources with the values its call gives; findings stand in the
// child's file. The child directory, found by the walk too, is read only
// through the call (as Terraform reads it): no finding twice, none from
// its defaults. Read on its own (no root calls it among the inputs) it
// is a module of its own again.
func TestModuleCalls(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"infra/main.tf": `module "zone" {
  for_each = toset(["example.com", "example.org"])
  source   = "./modules/zone"
  name     = each.key
  origin   = each.key == "example.org" ? "10.0.0.7" : "203.0.113.10"
}

resource "cloudflare_record" "app" {
  zone_id = module.zone["example.com"].zone_id
  name    = "app"
  type    = "A"
  content = "192.168.0.9"
  proxied = true
}
`,
		"infra/modules/zone/main.tf": zoneChild,
		// a default a reader of the child alone sees: private, but the
		// call above always gives the address
		"infra/modules/zone/terraform.tfvars": "name = \"example.net\"\norigin = \"10.9.9.9\"\n",
	})
	want := []string{"EL1201 infra/main.tf:8", "EL1201 infra/modules/zone/main.tf:14"}
	for _, args := range [][]string{{"."}, {"infra"}, {"infra/modules/zone", "infra"}, {"infra/main.tf", "infra/modules/zone/main.tf"}} {
		if code, got := check(t, dir, args...); code != cli.ExitFindings || strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("check %v: exit %d, findings %v, want %v", args, code, got, want)
		}
	}
	// alone, the child is a root: its terraform.tfvars gives the values
	if code, got := check(t, dir, "infra/modules/zone"); code != cli.ExitFindings || strings.Join(got, " ") != "EL1201 infra/modules/zone/main.tf:14" {
		t.Errorf("the child alone: exit %d, findings %v", code, got)
	}
}

// A zone the root creates and a child adds to is complete once every
// call is followed: a setting nobody writes has Cloudflare's default
// (EL7201 reads always_use_https with SSL off). A call that is not
// followed (a registry source) may write it: the zone's settings are
// then unread, and a notice says which call was not read.
func TestModuleCallsCompleteZone(t *testing.T) {
	root := `resource "cloudflare_zone" "main" {
  zone = "example.com"
}

module "settings" {
  source  = "./settings"
  zone_id = cloudflare_zone.main.id
}
`
	settings := `variable "zone_id" {
  type = string
}

resource "cloudflare_zone_settings_override" "this" {
  zone_id = var.zone_id
  settings {
    ssl = "flexible"
  }
}

resource "cloudflare_record" "www" {
  zone_id = var.zone_id
  name    = "www"
  type    = "A"
  content = "10.1.1.1"
  proxied = true
}
`
	dir := t.TempDir()
	write(t, dir, map[string]string{"main.tf": root, "settings/main.tf": settings})
	if code, got := check(t, dir, "."); code != cli.ExitFindings || strings.Join(got, " ") != "EL1201 settings/main.tf:12" {
		t.Errorf("followed: exit %d, findings %v", code, got)
	}

	remote := t.TempDir()
	write(t, remote, map[string]string{
		"main.tf":          root + "\nmodule \"extra\" {\n  source  = \"cloudflare/zone-extras/cloudflare\"\n  version = \"1.0.0\"\n  zone_id = cloudflare_zone.main.id\n}\n",
		"settings/main.tf": settings,
	})
	t.Chdir(remote)
	var stdout, stderr bytes.Buffer
	code := cli.Main([]string{"check", "--format", "json", "."}, nil, &stdout, &stderr)
	var res struct {
		Findings []struct{ Rule string }
		Notices  []struct {
			File, Message string
			Line          int
		}
	}
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		t.Fatalf("exit %d: %v\n%s", code, err, stdout.String())
	}
	if code != cli.ExitFindings || len(res.Findings) != 1 || res.Findings[0].Rule != "EL1201" {
		t.Errorf("a remote call: exit %d, findings %+v", code, res.Findings)
	}
	found := false
	for _, n := range res.Notices {
		found = found || n.File == "main.tf" && n.Line == 11 && strings.Contains(n.Message, `module "extra" not read: source "cloudflare/zone-extras/cloudflare" is not a local path`)
	}
	if !found {
		t.Errorf("no notice for the remote call: %+v", res.Notices)
	}
}

// Suppression comments in a child module's file cover its findings when
// the child is read through a call.
func TestModuleCallsSuppression(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"main.tf": "module \"zone\" {\n  source = \"./zone\"\n  name   = \"example.com\"\n  origin = \"10.0.0.1\"\n}\n",
		"zone/main.tf": strings.Replace(zoneChild, `resource "cloudflare_record" "apex" {`,
			"# edgelint:ignore EL1201 reached through Cloudflare Tunnel\nresource \"cloudflare_record\" \"apex\" {", 1),
	})
	if code, got := check(t, dir, "."); code != cli.ExitOK || len(got) != 0 {
		t.Errorf("exit %d, findings %v", code, got)
	}
}

// A module two calls reach by different relative paths is read once as
// a file (its comments and text once), and once per call as values.
func TestModuleCallsSameChildTwice(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"main.tf":                "module \"a\" {\n  source = \"./modules/zone\"\n  name   = \"example.com\"\n  origin = \"10.0.0.1\"\n}\n\nmodule \"b\" {\n  source = \"./modules/b\"\n}\n",
		"modules/b/main.tf":      "module \"zone\" {\n  source = \"../zone\"\n  name   = \"example.org\"\n  origin = \"10.0.0.2\"\n}\n",
		"modules/zone/main.tf":   zoneChild,
		"modules/zone/README.tf": "# edgelint:ignore-file EL1202 no CNAMEs here\n",
	})
	t.Chdir(dir)
	cfgs, errs := terraform.Load(".", input.Options{})
	if len(errs) != 0 || len(cfgs) != 2 {
		t.Fatalf("%d zones, errors %v", len(cfgs), errs)
	}
	seen := map[string]bool{}
	for _, f := range cfgs[0].Files {
		if seen[f] {
			t.Errorf("%s read twice: %v", f, cfgs[0].Files)
		}
		seen[f] = true
	}
	if n := len(cfgs[0].Comments); n != 1 {
		t.Errorf("%d comments, want 1", n)
	}
	var zones []string
	for _, c := range cfgs {
		zones = append(zones, c.Edge.Zone+" "+c.Edge.Records[0].Content)
	}
	if strings.Join(zones, ", ") != "example.com 10.0.0.1, example.org 10.0.0.2" {
		t.Errorf("zones %v", zones)
	}
}

// Override files merge into module blocks and variables too: an
// argument of the call, a variable's default.
func TestModuleCallOverride(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"main.tf": "variable \"www\" {\n  type    = string\n  default = \"203.0.113.8\"\n}\n\n" +
			"module \"zone\" {\n  source = \"./zone\"\n  name   = \"example.com\"\n  origin = \"203.0.113.1\"\n}\n\n" +
			"resource \"cloudflare_record\" \"www\" {\n  zone_id = module.zone.zone_id\n  name    = \"www\"\n  type    = \"A\"\n  content = var.www\n  proxied = true\n}\n",
		"zone/main.tf": zoneChild,
	})
	if code, got := check(t, dir, "."); code != cli.ExitOK || len(got) != 0 {
		t.Fatalf("without the override: exit %d, findings %v", code, got)
	}
	write(t, dir, map[string]string{"local_override.tf": "module \"zone\" {\n  origin = \"10.0.0.3\"\n}\n\nvariable \"www\" {\n  default = \"10.0.0.4\"\n}\n"})
	want := []string{"EL1201 main.tf:12", "EL1201 zone/main.tf:14"}
	if code, got := check(t, dir, "."); code != cli.ExitFindings || strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("with the override: exit %d, findings %v, want %v", code, got, want)
	}
}

// settingsChild is a child module that creates a zone with the SSL mode
// the call gives and HTTPS redirects on: with SSL off that is EL7201,
// whose message does not name the zone.
const settingsChild = `variable "name" {
  type = string
}

variable "ssl" {
  type = string
}

resource "cloudflare_zone" "this" {
  zone = var.name
}

resource "cloudflare_zone_settings_override" "this" {
  zone_id = cloudflare_zone.this.id
  settings {
    ssl              = var.ssl
    always_use_https = "on"
  }
}
`

// instancesRoot calls settingsChild once per zone of ssl, with the SSL
// mode it maps the zone to.
func instancesRoot(ssl map[string]string) string {
	var b strings.Builder
	b.WriteString("module \"zone\" {\n  for_each = {\n")
	for _, zone := range []string{"shop.example", "blog.example", "api.example"} {
		if o, ok := ssl[zone]; ok {
			fmt.Fprintf(&b, "    %q = %q\n", zone, o)
		}
	}
	b.WriteString("  }\n  source = \"./modules/zone\"\n  name   = each.key\n  ssl    = each.value\n}\n")
	return b.String()
}

// run is `edgelint check --format FORMAT args…` in dir.
func run(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	code := cli.Main(append([]string{"check"}, args...), nil, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// instanceFindings are the findings of a JSON report as "RULE file:line
// module".
func instanceFindings(t *testing.T, out string) []string {
	t.Helper()
	var res struct {
		Findings []struct {
			Rule, File, Module string
			Line               int
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%s %s:%d %s", f.Rule, f.File, f.Line, f.Module))
	}
	sort.Strings(got)
	return got
}

// Two instances of one module broken the same way are two findings at
// one line with one message, each with its instance, with two
// fingerprints (SARIF's partialFingerprints are the baseline's).
func TestModuleInstancesDistinct(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"main.tf":              instancesRoot(map[string]string{"shop.example": "off", "blog.example": "off"}),
		"modules/zone/main.tf": settingsChild,
	})
	code, out, _ := run(t, dir, "--format", "json", ".")
	want := []string{`EL7201 modules/zone/main.tf:16 module.zone["blog.example"]`, `EL7201 modules/zone/main.tf:16 module.zone["shop.example"]`}
	if got := instanceFindings(t, out); code != cli.ExitFindings || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("exit %d, findings\n%s\nwant\n%s", code, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	_, out, _ = run(t, dir, "--format", "sarif", ".")
	var sarif struct {
		Runs []struct {
			Results []struct {
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &sarif); err != nil {
		t.Fatal(err)
	}
	fps := map[string]bool{}
	for _, r := range sarif.Runs[0].Results {
		fp := r.PartialFingerprints["edgelint/v1"]
		if !strings.HasSuffix(fp, ":1") {
			t.Errorf("fingerprint %s: an occurrence number, so two findings share the fingerprint", fp)
		}
		fps[fp] = true
	}
	if len(fps) != 2 {
		t.Errorf("fingerprints %v, want two distinct", fps)
	}
	_, out, _ = run(t, dir, "--format", "compact", ".")
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "EL7201") {
			lines = append(lines, l)
		}
	}
	if len(lines) != 2 || lines[0] == lines[1] ||
		!strings.Contains(out, `modules/zone/main.tf:16:5: error: module.zone["blog.example"]: SSL mode off redirects`) {
		t.Errorf("compact:\n%s", out)
	}
}

// A suppression comment in a module's file is in the one file every
// instance reads: it covers the finding in every instance.
func TestModuleInstancesSuppression(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"main.tf": instancesRoot(map[string]string{"shop.example": "off", "blog.example": "off"}),
		"modules/zone/main.tf": strings.Replace(settingsChild, `resource "cloudflare_zone_settings_override" "this" {`,
			"# edgelint:ignore EL7201 the origin has no certificate yet; the redirect goes in the next change\nresource \"cloudflare_zone_settings_override\" \"this\" {", 1),
	})
	code, out, stderr := run(t, dir, "--format", "json", "--verbose", ".")
	if got := instanceFindings(t, out); code != cli.ExitOK || len(got) != 0 {
		t.Errorf("exit %d, findings %v", code, got)
	}
	for _, zone := range []string{"shop.example", "blog.example"} {
		if !strings.Contains(stderr, `edgelint: hid EL7201 at modules/zone/main.tf:17:5 in module.zone["`+zone+`"] (suppress)`) {
			t.Errorf("the instance %s was not suppressed:\n%s", zone, stderr)
		}
	}
}

// A baseline records each instance on its own: fixing one leaves the
// other hidden and its entry matching, a third instance broken the same
// way later is new (one entry per instance, not a count of lookalikes),
// and a baseline written again holds only what is left.
func TestModuleInstancesBaseline(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"main.tf":              instancesRoot(map[string]string{"shop.example": "off", "blog.example": "off"}),
		"modules/zone/main.tf": settingsChild,
	})
	if code, _, stderr := run(t, dir, "--format", "json", "--write-baseline", "base.json", "."); code != cli.ExitOK || !strings.Contains(stderr, "recorded 2 findings") {
		t.Fatalf("write-baseline: exit %d\n%s", code, stderr)
	}
	entries := func(path string) []string {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(dir, path))
		if err != nil {
			t.Fatal(err)
		}
		var b struct {
			Findings []struct{ Rule, File, Module, Fingerprint string }
		}
		if err := json.Unmarshal(data, &b); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range b.Findings {
			out = append(out, e.Rule+" "+e.File+" "+e.Module)
		}
		return out
	}
	if got := entries("base.json"); strings.Join(got, "\n") != "EL7201 modules/zone/main.tf module.zone[\"blog.example\"]\nEL7201 modules/zone/main.tf module.zone[\"shop.example\"]" {
		t.Errorf("baseline entries %q", got)
	}

	// shop is fixed: blog stays hidden
	write(t, dir, map[string]string{"main.tf": instancesRoot(map[string]string{"shop.example": "strict", "blog.example": "off"})})
	code, out, stderr := run(t, dir, "--format", "json", "--verbose", "--baseline", "base.json", ".")
	if got := instanceFindings(t, out); code != cli.ExitOK || len(got) != 0 ||
		!strings.Contains(stderr, `hid EL7201 at modules/zone/main.tf:16:5 in module.zone["blog.example"] (baseline)`) {
		t.Errorf("one instance fixed: exit %d, findings %v\n%s", code, got, stderr)
	}
	// a third instance broken the same way is not shop's entry
	write(t, dir, map[string]string{"main.tf": instancesRoot(map[string]string{"shop.example": "strict", "blog.example": "off", "api.example": "off"})})
	code, out, _ = run(t, dir, "--format", "json", "--baseline", "base.json", ".")
	if got := instanceFindings(t, out); code != cli.ExitFindings || strings.Join(got, " ") != `EL7201 modules/zone/main.tf:16 module.zone["api.example"]` {
		t.Errorf("a new instance: exit %d, findings %v", code, got)
	}
	// written again, the baseline no longer holds the fixed instance
	write(t, dir, map[string]string{"main.tf": instancesRoot(map[string]string{"shop.example": "strict", "blog.example": "off"})})
	if code, _, stderr := run(t, dir, "--format", "json", "--write-baseline", "base.json", "."); code != cli.ExitOK {
		t.Fatalf("write-baseline again: exit %d\n%s", code, stderr)
	}
	if got := entries("base.json"); strings.Join(got, "\n") != "EL7201 modules/zone/main.tf module.zone[\"blog.example\"]" {
		t.Errorf("baseline entries after the fix %q", got)
	}
}
