package projectconfig

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/edgelint/edgelint/lint"
)

type wordOptions struct {
	Word  string        `yaml:"word"`
	Limit time.Duration `yaml:"limit"`
	Inner struct {
		Depth int `yaml:"depth"`
	} `yaml:"inner"`
}

type timeoutOptions struct {
	Default time.Duration `yaml:"default"`
}

func testRegistry(t testing.TB) *lint.Registry {
	t.Helper()
	check := func(*lint.Pass) error { return nil }
	mk := func(id, name string, opts lint.Options, sources ...lint.SourceKind) *lint.Rule {
		return &lint.Rule{ID: id, Name: name, Category: lint.CategoryOther, Title: name, Doc: "# " + id,
			Severity: lint.Warning, Sources: sources, Options: opts, Check: check}
	}
	reg, err := lint.NewRegistry(
		mk("EL9901", "test-marker", lint.OptionsOf(func() wordOptions { return wordOptions{Word: "bad", Limit: time.Second} }), lint.Nginx),
		mk("EL9902", "test-error-marker", nil, lint.Nginx),
		mk("EL9903", "test-proxied-record", nil, lint.Cloudflare),
		mk("EL4301", "cdn-read-timeout-shorter-than-origin", lint.OptionsOf(func() timeoutOptions { return timeoutOptions{Default: 120 * time.Second} }), lint.Nginx, lint.Cloudflare),
	)
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

func schema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	sch, err := jsonschema.NewCompiler().Compile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// asJSON turns YAML into the JSON value the schema validates.
func asJSON(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

// The schema and the loader agree: valid examples pass both, invalid ones
// fail both, with the line of the problem.
func TestSchemaAndLoaderAgree(t *testing.T) {
	sch, reg := schema(t), testRegistry(t)
	valid, _ := filepath.Glob("testdata/valid/*.yaml")
	invalid, _ := filepath.Glob("testdata/invalid/*.yaml")
	if len(valid) < 3 || len(invalid) < 9 {
		t.Fatalf("examples missing: %v %v", valid, invalid)
	}
	for _, f := range valid {
		data, _ := os.ReadFile(f)
		if err := sch.Validate(asJSON(t, data)); err != nil {
			t.Errorf("%s: schema rejects a valid example: %v", f, err)
		}
		if _, err := Parse(f, data, reg); err != nil {
			t.Errorf("%s: loader rejects a valid example: %v", f, err)
		}
	}
	wantLine := map[string]string{
		"unknown-key.yaml":          `:2:1: unknown key "exclusions" (known keys: enable, disable, rules, exclude`,
		"no-reason.yaml":            ":2:5: exclude: every exclusion needs a reason",
		"bad-severity.yaml":         `:3:15: rules.EL9901.severity: "fatal" is not error, warning or info`,
		"bad-duration.yaml":         `:2:17: cloudflare.read-timeout: "soon" is not a duration like 30s`,
		"relative-mapping.yaml":     `:2:5: mappings.from: "etc/nginx" must be the absolute path`,
		"no-pattern.yaml":           ":2:5: exclude: an exclusion needs paths or resources",
		"bad-version.yaml":          `:1:16: nginx-version: version "latest"`,
		"rule-unknown-key.yaml":     `:3:5: unknown key "level" in rules.EL9901 (known keys: severity, options)`,
		"not-a-mapping.yaml":        ":1:1: the file must be a mapping",
		"define-with-value.yaml":    `:3:13: apache.defines: "ENV=prod": httpd -D takes a name without a value`,
		"strict-includes-word.yaml": `:1:18: strict-includes: "always" is not true or false`,
	}
	for _, f := range invalid {
		data, _ := os.ReadFile(f)
		if err := sch.Validate(asJSON(t, data)); err == nil {
			t.Errorf("%s: schema accepts an invalid example", f)
		}
		_, err := Parse(f, data, reg)
		if err == nil {
			t.Errorf("%s: loader accepts an invalid example", f)
			continue
		}
		want, ok := wantLine[filepath.Base(f)]
		if !ok {
			t.Errorf("%s: no expected error: %v", f, err)
			continue
		}
		if !strings.Contains(err.Error(), filepath.Base(f)+want) {
			t.Errorf("%s:\n got %v\nwant …%s%s…", f, err, filepath.Base(f), want)
		}
	}
}

func TestFullExample(t *testing.T) {
	data, _ := os.ReadFile("testdata/valid/full.yaml")
	cfg, err := Parse("testdata/valid/full.yaml", data, testRegistry(t))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.NginxVersion != lint.MustVersion("1.22.1") || cfg.NginxEdition != "oss" {
		t.Errorf("nginx: %v %q", cfg.NginxVersion, cfg.NginxEdition)
	}
	if len(cfg.Selection) != 2 || cfg.Selection[0] != (Select{Rule: "EL9902"}) || cfg.Selection[1] != (Select{Rule: "EL9901", Enable: true}) {
		t.Errorf("selection %+v", cfg.Selection)
	}
	m := cfg.Rules["EL9901"]
	if m.Severity != lint.Error || m.Options.(*wordOptions).Word != "worse" || m.Options.(*wordOptions).Limit != time.Second {
		t.Errorf("EL9901 settings %+v %+v", m, m.Options)
	}
	if cfg.Rules["EL9902"].Severity != lint.Info {
		t.Errorf("EL9902 %+v", cfg.Rules["EL9902"])
	}
	// cloudflare.read-timeout presets EL4301's option
	if o := cfg.Rules["EL4301"].Options.(*timeoutOptions); o.Default != 100*time.Second {
		t.Errorf("EL4301 default %v", o.Default)
	}
	abs, _ := filepath.Abs("testdata/valid/deploy/nginx")
	if len(cfg.Mappings) != 1 || cfg.Mappings[0].From != "/etc/nginx" || cfg.Mappings[0].To != abs {
		t.Errorf("mappings %+v", cfg.Mappings)
	}
	if len(cfg.Exclusions) != 2 || cfg.Exclusions[1].Rules[0] != "EL9903" {
		t.Errorf("exclusions %+v", cfg.Exclusions)
	}
	if strings.Join(cfg.ApacheDefines, ",") != "SSL,Production" {
		t.Errorf("apache.defines %q", cfg.ApacheDefines)
	}
}

func TestRuleOptions(t *testing.T) {
	reg := testRegistry(t)
	for _, c := range []struct{ yaml, want string }{
		{"rules:\n  EL9901:\n    options:\n      wrod: x\n", `c.yaml:4:7: unknown key "wrod" in rules.EL9901.options (known keys: inner, limit, word)`},
		{"rules:\n  EL9901:\n    options:\n      inner:\n        deep: 1\n", `c.yaml:5:9: unknown key "deep" in rules.EL9901.options.inner (known keys: depth)`},
		{"rules:\n  EL9901:\n    options:\n      limit: forever\n", `c.yaml:4:14: rules.EL9901.options.limit: "forever" is not a duration like 30s`},
		{"rules:\n  EL9901:\n    options:\n      limit: {a: 1}\n", `c.yaml:4:14: rules.EL9901.options.limit: want a single value`},
		{"rules:\n  EL9901:\n    options:\n      inner: 3\n", `c.yaml:4:14: rules.EL9901.options.inner: want a mapping (depth)`},
		{"rules:\n  EL9901:\n    options:\n      inner: {depth: deep}\n", `c.yaml:4:22: rules.EL9901.options.inner.depth: "deep" is not a whole number`},
		{"rules:\n  EL9901:\n    options: [word]\n", `c.yaml:3:14: rules.EL9901.options: want a mapping (inner, limit, word)`},
		{"rules:\n  EL9902:\n    options: {}\n", "c.yaml:3:5: rules.EL9902: rule EL9902 (test-error-marker) has no options"},
		{"rules:\n  nope:\n    severity: error\n", `c.yaml:2:3: rules: unknown rule "nope"`},
		{"rules:\n  EL9901: {}\n  test-marker: {}\n", "c.yaml:3:3: rules: EL9901 (test-marker) is configured twice"},
		{"disable: [EL9901]\ndisable: [EL9902]\n", `c.yaml:2:1: key "disable" appears twice`},
		{"enable: [EL1234]\n", `c.yaml:1:10: enable: unknown rule "EL1234"`},
		{"rules: [\n", "c.yaml:1:1: did not find expected node content"},
	} {
		_, err := Parse("c.yaml", []byte(c.yaml), reg)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q:\n got %v\nwant %s", c.yaml, err, c.want)
		}
	}
	// options override the Cloudflare read timeout, in either order
	cfg, err := Parse("c.yaml", []byte("rules:\n  EL4301:\n    options:\n      default: 90s\ncloudflare:\n  read-timeout: 100s\n"), reg)
	if err != nil {
		t.Fatal(err)
	}
	if d := cfg.Rules["EL4301"].Options.(*timeoutOptions).Default; d != 90*time.Second {
		t.Errorf("explicit option lost: %v", d)
	}
	cfg, err = Parse("c.yaml", []byte("rules:\n  EL4301:\n    severity: error\ncloudflare:\n  read-timeout: 100s\n"), reg)
	if err != nil {
		t.Fatal(err)
	}
	if s := cfg.Rules["EL4301"]; s.Severity != lint.Error || s.Options.(*timeoutOptions).Default != 100*time.Second {
		t.Errorf("EL4301 %+v", s)
	}
}

func TestFind(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, FileName), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if p, ok, err := Find(sub); err != nil || !ok || p != filepath.Join(dir, FileName) {
		t.Errorf("Find = %q %v", p, ok)
	}
}

func TestPatterns(t *testing.T) {
	for _, c := range []struct {
		pattern, name string
		want          bool
	}{
		{"legacy/**", "legacy/a.conf", true},
		{"legacy/**", "legacy/x/y/a.conf", true},
		{"legacy/**", "other/a.conf", false},
		{"**/*.conf", "a.conf", true},
		{"**/*.conf", "x/y/a.conf", true},
		{"*.conf", "x/a.conf", false},
		{"sites/*/app.conf", "sites/en/app.conf", true},
		{"cloudflare:zone/example.com/dns_records/*", "cloudflare:zone/example.com/dns_records/www.example.com", true},
		{"cloudflare:zone/example.com/dns_records/*", "cloudflare:zone/example.org/dns_records/www.example.org", false},
		{"cloudflare:zone/*/settings/ssl", "cloudflare:zone/example.com/settings/ssl", true},
		{"cloudflare:zone/example.com/**", "cloudflare:zone/example.com/load_balancers/lb1/pools/p1", true},
	} {
		if got := match(c.pattern, c.name); got != c.want {
			t.Errorf("match(%q, %q) = %v", c.pattern, c.name, got)
		}
	}
	if err := checkPattern("a/[b"); err == nil {
		t.Error("bad pattern accepted")
	}
}

func TestApacheDefines(t *testing.T) {
	reg := testRegistry(t)
	for _, c := range []struct{ yaml, want, err string }{
		{"apache: {defines: TLS}\n", "TLS", ""},
		{"apache: {defines: [TLS, Staging]}\n", "TLS,Staging", ""},
		{"apache: {defines: }\n", "", ""},
		{"apache: {define: [TLS]}\n", "", `:1:10: unknown key "define" in apache (known keys: defines)`},
		{"apache: [TLS]\n", "", ":1:9: apache: want a mapping (defines)"},
		{"apache: {defines: ['TLS ON']}\n", "", `:1:20: apache.defines: "TLS ON": a name has no blanks`},
		{"apache: {defines: ['']}\n", "", ":1:20: apache.defines: empty name"},
	} {
		cfg, err := Parse("e.yaml", []byte(c.yaml), reg)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), "e.yaml"+c.err) {
				t.Errorf("%q: error %v, want %s", c.yaml, err, c.err)
			}
			continue
		}
		if err != nil || strings.Join(cfg.ApacheDefines, ",") != c.want {
			t.Errorf("%q: %v %q, want %q", c.yaml, err, cfg.ApacheDefines, c.want)
		}
	}
}
