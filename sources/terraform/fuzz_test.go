package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// FuzzLoad checks that a module of any text loads or gives load errors,
// never panics or hangs (count and for_each are bounded, cycles are
// unknown), positions every finding's object inside the file, and that
// any text read as a plan does the same. Seeds are the examples, the
// golden and plan cases, and what the fuzzer found worth keeping
// (testdata/fuzz/FuzzLoad).
func FuzzLoad(f *testing.F) {
	for _, pattern := range []string{
		filepath.Join("..", "..", "examples", "terraform", "*", "*.tf"),
		filepath.Join("testdata", "golden", "*", "*.tf"),
		filepath.Join("testdata", "twin-v4", "*.tf"),
		filepath.Join("testdata", "plan", "*", "plan.json"),
	} {
		files, _ := filepath.Glob(pattern)
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	for _, s := range []string{
		"locals {\n  a = local.b\n  b = local.a\n}\nresource \"cloudflare_record\" \"x\" {\n  zone_id = local.a\n  name = local.b\n}\n",
		"resource \"cloudflare_record\" \"x\" {\n  count = 1e9\n  zone_id = \"z\"\n}\n",
		"resource \"cloudflare_record\" \"x\" {\n  for_each = cloudflare_record.x\n  zone_id = each.key\n}\n",
		"resource \"cloudflare_load_balancer\" \"a\" {\n  zone_id = cloudflare_load_balancer.a.id\n  default_pool_ids = [cloudflare_load_balancer.a.id]\n}\n",
		"resource \"cloudflare_ruleset\" \"r\" {\n  zone_id = \"z\"\n  phase = \"http_request_origin\"\n  dynamic \"rules\" {\n    for_each = [1, 2]\n    content {\n      action = \"route\"\n      action_parameters { origin { port = rules.value } }\n    }\n  }\n}\n",
		"variable \"v\" {\n  type = list(object({a = optional(number, 1)}))\n  default = [{}]\n}\nresource \"cloudflare_zone\" \"z\" {\n  zone = var.v[0].a\n}\n",
		"{\"format_version\":\"1.0\",\"planned_values\":{\"root_module\":{\"resources\":[{\"type\":\"cloudflare_record\",\"mode\":\"managed\",\"values\":{\"zone_id\":1,\"name\":[]}}]}}}",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		mod := filepath.Join(dir, "m")
		if err := os.MkdirAll(mod, 0o755); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(mod, "main.tf")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(data), "\n")
		type result struct {
			cfgs []*lint.Config
			errs []lint.LoadError
		}
		done := make(chan result, 1)
		go func() {
			cfgs, errs := Load(p, input.Options{})
			done <- result{cfgs, errs}
		}()
		var r result
		select {
		case r = <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("load takes longer than 10s")
		}
		cfgs, errs := r.cfgs, r.errs
		for _, c := range cfgs {
			if c.Edge == nil {
				t.Fatal("config without an edge")
			}
			for _, r := range c.Edge.Records {
				if r.Pos.File() != "" && (int(r.Pos.Line) < 1 || int(r.Pos.Line) > len(lines)) {
					t.Fatalf("record at line %d outside the input (%d lines)", r.Pos.Line, len(lines))
				}
				if r.Pos.File() != "" && (int(r.Pos.Col) < 1 || int(r.Pos.Col) > utf8.RuneCountInString(lines[int(r.Pos.Line)-1])+1) {
					t.Fatalf("record at %d:%d outside its line", r.Pos.Line, r.Pos.Col)
				}
			}
		}
		for _, e := range errs {
			if e.Message == "" {
				t.Fatal("empty load error")
			}
		}
		plan := filepath.Join(dir, "plan.json")
		if err := os.WriteFile(plan, data, 0o644); err != nil {
			t.Fatal(err)
		}
		_, perrs := LoadPlan(plan, input.Options{})
		for _, e := range perrs {
			if e.Message == "" {
				t.Fatal("empty plan load error")
			}
		}
	})
}

// FuzzLoadJSON checks the JSON syntax the same way: any text as a
// main.tf.json module, and as an override.tf.json merged into a module
// of the native syntax, loads or gives load errors, never panics or
// hangs, and positions records inside the input. Seeds are the JSON
// golden cases and testdata/fuzz/FuzzLoadJSON.
func FuzzLoadJSON(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "golden", "*", "*.tf.json"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		`{"resource": {"cloudflare_record": {"www": {"zone_id": "${cloudflare_zone.main.id}", "name": "www", "type": "A", "content": "10.0.0.1", "proxied": true}}}}`,
		`{"resource": {"cloudflare_zone": {"main": {"zone": "example.org"}}}, "locals": {"a": "${local.a}"}}`,
		`{"variable": {"v": {"type": "map(object({a = optional(string, \"x\")}))", "default": {"k": {}}}}, "resource": {"cloudflare_record": {"r": {"for_each": "${var.v}", "zone_id": "z", "name": "${each.value.a}"}}}}`,
		`{"resource": {"cloudflare_ruleset": {"r": {"zone_id": "z", "phase": "http_request_origin", "dynamic": {"rules": {"for_each": [1, 2], "content": {"action": "route", "action_parameters": {"origin": {"port": "${rules.value}"}}}}}}}}}`,
		`{"module": {"m": {"source": "./m", "count": 2}}, "resource": {"cloudflare_zone": [{"main": {"zone": "${unknownfn(1)}"}}]}}`,
		`{"resource": {"cloudflare_zone_settings_override": {"main": {"settings": [{"ssl": "strict"}, {"ssl": "off"}]}}}}`,
		`[]`,
		`{"//": "x"}`,
	} {
		f.Add([]byte(s))
	}
	const native = "resource \"cloudflare_zone\" \"main\" {\n  zone = \"example.com\"\n}\n\nresource \"cloudflare_record\" \"www\" {\n  zone_id = cloudflare_zone.main.id\n  name    = \"www\"\n  type    = \"A\"\n  content = \"203.0.113.1\"\n  proxied = true\n}\n"
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := strings.Split(string(data), "\n")
		for i, layout := range []map[string][]byte{
			{"main.tf.json": data},
			{"main.tf": []byte(native), "override.tf.json": data},
		} {
			mod := filepath.Join(dir, fmt.Sprint(i))
			if err := os.RemoveAll(mod); err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(mod, 0o755); err != nil {
				t.Fatal(err)
			}
			for name, b := range layout {
				if err := os.WriteFile(filepath.Join(mod, name), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			type result struct {
				cfgs []*lint.Config
				errs []lint.LoadError
			}
			done := make(chan result, 1)
			go func() {
				cfgs, errs := Load(mod, input.Options{})
				done <- result{cfgs, errs}
			}()
			var r result
			select {
			case r = <-done:
			case <-time.After(10 * time.Second):
				t.Fatalf("load takes longer than 10s")
			}
			for _, c := range r.cfgs {
				if c.Edge == nil {
					t.Fatal("config without an edge")
				}
				for _, rec := range c.Edge.Records {
					if !strings.HasSuffix(rec.Pos.File(), ".json") {
						continue
					}
					if int(rec.Pos.Line) < 1 || int(rec.Pos.Line) > len(lines) {
						t.Fatalf("record at line %d outside the input (%d lines)", rec.Pos.Line, len(lines))
					}
					if int(rec.Pos.Col) < 1 || int(rec.Pos.Col) > utf8.RuneCountInString(lines[int(rec.Pos.Line)-1])+1 {
						t.Fatalf("record at %d:%d outside its line", rec.Pos.Line, rec.Pos.Col)
					}
				}
			}
			for _, e := range r.errs {
				if e.Message == "" {
					t.Fatal("empty load error")
				}
			}
		}
	})
}
