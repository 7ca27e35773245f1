package terraform_test

import (
	"bytes"
	"encoding/json"
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
