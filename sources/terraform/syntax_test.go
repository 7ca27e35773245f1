package terraform_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/sources/input"
	"github.com/edgelint/edgelint/sources/terraform"
)

// What Terraform refuses in override files and JSON files is a load
// error at its file:line:col, and the module is not linted.
func TestOverrideAndJSONErrors(t *testing.T) {
	const zone = "resource \"cloudflare_zone\" \"main\" {\n  zone = \"example.com\"\n}\n"
	for _, c := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"override of nothing", map[string]string{"main.tf": zone, "x_override.tf": "\nresource \"cloudflare_record\" \"www\" {\n  proxied = true\n}\n"},
			`x_override.tf:2:1: missing resource "cloudflare_record" "www" to override`},
		{"output override of nothing", map[string]string{"main.tf": zone, "override.tf": "output \"id\" {\n  value = 1\n}\n"},
			`override.tf:1:1: missing output "id" to override`},
		{"local override of nothing", map[string]string{"main.tf": zone, "override.tf": "locals {\n  a = 1\n}\n"},
			`override.tf:2:3: missing local value "a" to override`},
		{"JSON syntax", map[string]string{"main.tf.json": "{\n  \"resource\": {\n    \"cloudflare_zone\": {\"main\": {\"zone\": \"example.com\",}}\n  }\n}\n"},
			`main.tf.json:3:`},
		{"JSON block shape", map[string]string{"main.tf.json": "{\"resource\": {\"cloudflare_zone\": \"main\"}}\n"},
			`main.tf.json:1:`},
		{"JSON nesting", map[string]string{"main.tf.json": strings.Repeat("[", 500) + strings.Repeat("]", 500)},
			`main.tf.json: values nest 500 deep, over the limit of 100`},
		{"duplicate across syntaxes", map[string]string{"main.tf": zone, "more.tf.json": "{\"resource\": {\"cloudflare_zone\": {\"main\": {\"zone\": \"example.org\"}}}}\n"},
			`more.tf.json:1:`},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			for name, text := range c.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			cfgs, errs := terraform.Load(".", input.Options{})
			if len(cfgs) != 0 {
				t.Errorf("%d zones linted from a module Terraform refuses", len(cfgs))
			}
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			if len(got) == 0 || !strings.HasPrefix(got[0], c.want) {
				t.Errorf("errors %q, want one starting %q", got, c.want)
			}
		})
	}
}

// A .tf.json file is a module file, sniffed as one; an override file is
// read with its module, never alone.
func TestJSONSniff(t *testing.T) {
	for path, want := range map[string]int{"main.tf.json": 2, "x_override.tf.json": 2, "main.TF.JSON": 2, "zones.json": 0, "terraform.tfvars.json": 0} {
		if got := terraform.Sniff(path, []byte("{}")); got != want {
			t.Errorf("Sniff(%s) = %d, want %d", path, got, want)
		}
	}
}

// In a .tf.json file a "//" property (Terraform's JSON comment) holding
// a suppression covers the block it stands in; one at the top covers
// the file with edgelint:ignore-file.
func TestJSONSuppression(t *testing.T) {
	record := func(name, addr, note string) string {
		if note != "" {
			note = `"//": "` + note + `", `
		}
		return `"` + name + `": {` + note + `"zone_id": "${cloudflare_zone.main.id}", "name": "` + name + `", "type": "A", "content": "` + addr + `", "proxied": true}`
	}
	module := func(top string, records ...string) string {
		if top != "" {
			top = `"//": "` + top + `",` + "\n"
		}
		return "{\n" + top + `"resource": {` + "\n" + `"cloudflare_zone": {"main": {"zone": "example.com"}},` + "\n" + `"cloudflare_record": {` + "\n" + strings.Join(records, ",\n") + "\n}}}\n"
	}
	for _, c := range []struct {
		name, text string
		want       []string
	}{
		{"none", module("", record("app", "10.0.0.8", ""), record("db", "10.0.0.9", "")), []string{"EL1201 main.tf.json:5", "EL1201 main.tf.json:6"}},
		{"in the block", module("", record("app", "10.0.0.8", "edgelint:ignore EL1201 reached through a tunnel"), record("db", "10.0.0.9", "")), []string{"EL1201 main.tf.json:6"}},
		{"unused", module("", record("app", "203.0.113.8", "edgelint:ignore EL1201 wrong record")), []string{"EL9002 main.tf.json:5"}},
		{"file", module("edgelint:ignore-file EL1201 a lab zone", record("app", "10.0.0.8", ""), record("db", "10.0.0.9", "")), nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, map[string]string{"main.tf.json": c.text})
			_, got := check(t, dir, ".")
			if strings.Join(got, " ") != strings.Join(c.want, " ") {
				t.Errorf("findings %v, want %v\n%s", got, c.want, c.text)
			}
		})
	}
}

// terraform.tfvars.json and *.auto.tfvars.json give a root module's
// variables as their native forms do, the auto file last.
func TestJSONVarFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"main.tf": "variable \"origin\" {\n  type = string\n}\n\nvariable \"name\" {\n  type = string\n}\n\n" +
			"resource \"cloudflare_zone\" \"main\" {\n  zone = \"example.com\"\n}\n\n" +
			"resource \"cloudflare_record\" \"r\" {\n  zone_id = cloudflare_zone.main.id\n  name    = var.name\n  type    = \"A\"\n  content = var.origin\n  proxied = true\n}\n",
		"terraform.tfvars.json":    `{"origin": "203.0.113.4", "name": "www"}`,
		"staging.auto.tfvars.json": `{"origin": "10.2.3.4"}`,
	})
	t.Chdir(dir)
	cfgs, errs := terraform.Load(".", input.Options{})
	if len(errs) != 0 || len(cfgs) != 1 || len(cfgs[0].Edge.Records) != 1 {
		t.Fatalf("%d zones, errors %v", len(cfgs), errs)
	}
	if r := cfgs[0].Edge.Records[0]; r.Name != "www.example.com" || r.Content != "10.2.3.4" {
		t.Errorf("record %s → %s, want www.example.com → 10.2.3.4", r.Name, r.Content)
	}
}
