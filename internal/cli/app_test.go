package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type jsonOut struct {
	Version int `json:"version"`
	Tool    struct {
		Name    string `json:"name"`
		Version string `json:"version"`
		Config  string `json:"config"`
	} `json:"tool"`
	Findings []struct {
		Rule     string `json:"rule"`
		Name     string `json:"name"`
		Category string `json:"category"`
		Severity string `json:"severity"`
		Source   string `json:"source"`
		Message  string `json:"message"`
		File     string `json:"file"`
		Line     int    `json:"line"`
		Column   int    `json:"column"`
		Resource string `json:"resource"`
		Related  []struct {
			File     string `json:"file"`
			Line     int    `json:"line"`
			Column   int    `json:"column"`
			Resource string `json:"resource"`
			Message  string `json:"message"`
		} `json:"related"`
		Docs string `json:"docs"`
	} `json:"findings"`
	Errors []struct {
		File     string `json:"file"`
		Line     int    `json:"line"`
		Column   int    `json:"column"`
		Resource string `json:"resource"`
		Message  string `json:"message"`
	} `json:"errors"`
}

func decodeJSON(t *testing.T, s string) jsonOut {
	t.Helper()
	var out jsonOut
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&out); err != nil {
		t.Fatalf("JSON output: %v\n%s", err, s)
	}
	return out
}

// rulesOf lists "RULE file:line" of each finding.
func (o jsonOut) keys() []string {
	var out []string
	for _, f := range o.Findings {
		out = append(out, f.Rule+" "+f.File+":"+itoa(f.Line)+f.Resource)
	}
	return out
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestExitCodes(t *testing.T) {
	useTestRules(t)
	clean := nginxConf("        location / {\n            add_header X-Lint good;\n        }\n")
	warn := nginxConf("        location / {\n            add_header X-Lint bad;\n        }\n")
	errc := nginxConf("        location / {\n            add_header X-Lint-Error boom;\n        }\n")
	cases := []struct {
		name  string
		files map[string]string
		args  []string
		code  int
		in    string // expected on stderr (or stdout when code < 3)
	}{
		{"clean", map[string]string{"nginx.conf": clean}, nil, 0, "no findings in 1 file"},
		{"warning fails by default", map[string]string{"nginx.conf": warn}, nil, 1, "1 finding (1 warning) in 1 file"},
		{"fail-on error ignores warnings", map[string]string{"nginx.conf": warn}, []string{"--fail-on", "error"}, 0, "1 finding"},
		{"fail-on error", map[string]string{"nginx.conf": errc}, []string{"--fail-on=error"}, 1, "1 error"},
		{"fail-on none", map[string]string{"nginx.conf": errc}, []string{"--fail-on", "none"}, 0, "1 error"},
		{"parse error wins over findings", map[string]string{"nginx.conf": warn, "conf.d/broken.conf": "server {\n"}, []string{"nginx.conf", "conf.d/broken.conf"}, 2, "1 file could not be linted"},
		{"missing path", map[string]string{"nginx.conf": clean}, []string{"nginx.conf", "nope.conf"}, 2, "nope.conf"},
		{"nothing to lint", map[string]string{"README.txt": "hello\n"}, []string{"."}, 2, "found no nginx"},
		{"unknown flag", map[string]string{"nginx.conf": clean}, []string{"--bogus"}, 3, "flag provided but not defined: -bogus"},
		{"unknown rule", map[string]string{"nginx.conf": clean}, []string{"--enable", "EL0000"}, 3, "--enable EL0000: unknown rule"},
		{"bad fail-on", map[string]string{"nginx.conf": clean}, []string{"--fail-on", "warn"}, 3, "--fail-on"},
		{"bad format", map[string]string{"nginx.conf": clean}, []string{"--format", "yaml"}, 3, "unknown format"},
		{"bad source", map[string]string{"nginx.conf": clean}, []string{"--source", "iis"}, 3, "--source"},
		{"bad nginx version", map[string]string{"nginx.conf": clean}, []string{"--nginx-version", "latest"}, 3, "--nginx-version"},
		{"unknown config key", map[string]string{"nginx.conf": clean, ".edgelint.yaml": "disable: [EL9901]\nexclusions: []\n"}, nil, 3, `.edgelint.yaml:2:1: unknown key "exclusions"`},
		{"missing config file", map[string]string{"nginx.conf": clean}, []string{"--config", "nope.yaml"}, 3, "nope.yaml"},
		{"unknown command", nil, []string{}, 3, "unknown command"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			inTemp(t, c.files)
			args := append([]string{"check"}, c.args...)
			if c.name == "unknown command" {
				args = []string{"lint"}
			}
			r := run(t, args...).expect(t, c.code)
			where := r.stdout
			if c.code == 3 {
				where = r.stderr
			}
			if !strings.Contains(where, c.in) {
				t.Errorf("output lacks %q:\nstdout:\n%s\nstderr:\n%s", c.in, r.stdout, r.stderr)
			}
		})
	}
}

func TestNoArgsIsUsage(t *testing.T) {
	r := run(t).expect(t, 3)
	if !strings.Contains(r.stderr, "Usage:") {
		t.Errorf("no usage: %s", r.stderr)
	}
	r = run(t, "check", "--help").expect(t, 0)
	if !strings.Contains(r.stdout, "--fail-on LEVEL") {
		t.Errorf("help lacks flags:\n%s", r.stdout)
	}
}

func TestFlagsAfterPaths(t *testing.T) {
	useTestRules(t)
	inTemp(t, map[string]string{"nginx.conf": nginxConf("        location / {\n            add_header X-Lint bad;\n        }\n")})
	r := run(t, "check", "nginx.conf", "--format", "json", "--fail-on", "error").expect(t, 0)
	if o := decodeJSON(t, r.stdout); len(o.Findings) != 1 {
		t.Fatalf("findings: %v", o.keys())
	}
}

func TestJSONIsTheContract(t *testing.T) {
	useTestRules(t)
	inTemp(t, map[string]string{
		"nginx.conf":     "events {}\nhttp {\n    include sites/*.conf;\n}\n",
		"sites/app.conf": "server {\n    listen 80;\n    location / {\n        add_header X-Lint bad;\n        add_header X-Lint-Error boom;\n    }\n}\n",
	})
	r := run(t, "check", "--format", "json").expect(t, 1)
	o := decodeJSON(t, r.stdout)
	if o.Version != 1 || o.Tool.Name != "edgelint" || o.Tool.Version == "" {
		t.Errorf("header: %+v", o)
	}
	if got := strings.Join(o.keys(), "; "); got != "EL9901 sites/app.conf:4; EL9902 sites/app.conf:5" {
		t.Fatalf("findings %s", got)
	}
	f := o.Findings[0]
	if f.Name != "test-marker" || f.Category != "other" || f.Severity != "warning" || f.Source != "nginx" ||
		f.Column != 9 || f.Docs != "https://github.com/edgelint/edgelint/blob/main/docs/rules/EL9901.md" ||
		len(f.Related) != 1 || f.Related[0].File != "sites/app.conf" || f.Related[0].Message != "file starts here" {
		t.Errorf("finding %+v", f)
	}
	if o.Findings[1].Severity != "error" {
		t.Errorf("severity %q", o.Findings[1].Severity)
	}
	// deterministic: a second run prints the same bytes
	if again := run(t, "check", "--format", "json"); again.stdout != r.stdout {
		t.Errorf("output differs between runs")
	}
	// empty lists are [] not null
	writeFiles(t, ".", map[string]string{"sites/app.conf": "server {\n    listen 80;\n}\n"})
	r = run(t, "check", "--format", "json").expect(t, 0)
	if !strings.Contains(r.stdout, `"findings": []`) || !strings.Contains(r.stdout, `"errors": []`) {
		t.Errorf("empty output:\n%s", r.stdout)
	}
}

func TestFileRelativeToWorkingDirectory(t *testing.T) {
	useTestRules(t)
	dir := inTemp(t, map[string]string{"deploy/nginx/nginx.conf": nginxConf("        location / {\n            add_header X-Lint bad;\n        }\n")})
	t.Chdir(filepath.Join(dir, "deploy"))
	o := decodeJSON(t, run(t, "check", "--format", "json", "nginx").expect(t, 1).stdout)
	if o.Findings[0].File != "nginx/nginx.conf" {
		t.Errorf("file %q", o.Findings[0].File)
	}
	// outside the working directory: absolute
	t.Chdir(t.TempDir())
	o = decodeJSON(t, run(t, "check", "--format", "json", filepath.Join(dir, "deploy/nginx")).expect(t, 1).stdout)
	if !filepath.IsAbs(o.Findings[0].File) {
		t.Errorf("file %q is not absolute", o.Findings[0].File)
	}
}

func TestTextOutput(t *testing.T) {
	useTestRules(t)
	inTemp(t, map[string]string{
		"nginx.conf":  nginxConf("        location / {\n            add_header X-Lint bad;\n            add_header X-Lint-Error boom;\n        }\n"),
		"broken.conf": "http {\n    server {\n",
	})
	r := run(t, "check", "nginx.conf", "broken.conf").expect(t, 2)
	// The layout (tables, related lines, the rules' links) is
	// internal/output/report's golden full.txt; here, that a run reaches it.
	for _, want := range []string{
		"nginx.conf\n", "6:13", "EL9901 test-marker", "EL9902 test-error-marker",
		"Could not lint:\n  broken.conf",
		"2 findings (1 error, 1 warning) in 2 files; 1 file could not be linted",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text output lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "\x1b[") {
		t.Errorf("colour when not on a terminal")
	}
}

func TestFormatToFile(t *testing.T) {
	useTestRules(t)
	dir := inTemp(t, map[string]string{"nginx.conf": nginxConf("        location / {\n            add_header X-Lint bad;\n        }\n")})
	r := run(t, "check", "--format", "sarif=out/x.sarif").expect(t, 2)
	if !strings.Contains(r.stderr, "out/x.sarif") {
		t.Errorf("stderr %q", r.stderr)
	}
	r = run(t, "check", "--format", "sarif=x.sarif", "--format", "text").expect(t, 1)
	if !strings.Contains(r.stdout, "EL9901") {
		t.Errorf("text to stdout missing")
	}
	b, err := os.ReadFile(filepath.Join(dir, "x.sarif"))
	if err != nil || !strings.Contains(string(b), `"ruleId": "EL9901"`) {
		t.Errorf("sarif file: %v %s", err, b)
	}
	run(t, "check", "--format", "sarif=").expect(t, 3)
}

func TestEnableDisable(t *testing.T) {
	useTestRules(t)
	inTemp(t, map[string]string{"nginx.conf": nginxConf("        location / {\n            add_header X-Lint bad;\n            add_header X-Lint-Error x;\n        }\n")})
	count := func(args ...string) string {
		o := decodeJSON(t, run(t, append([]string{"check", "--format", "json", "--fail-on", "none"}, args...)...).expect(t, 0).stdout)
		var ids []string
		for _, f := range o.Findings {
			ids = append(ids, f.Rule)
		}
		return strings.Join(ids, ",")
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "EL9901,EL9902"},
		{[]string{"--disable", "EL9901"}, "EL9902"},
		{[]string{"--disable", "test-error-marker"}, "EL9901"},
		{[]string{"--disable", "all", "--enable", "test-marker"}, "EL9901"},
		{[]string{"--disable", "EL9901,EL9902"}, ""},
		{[]string{"--disable", "EL9901", "--enable", "EL9901"}, "EL9901,EL9902"},
	} {
		if got := count(c.args...); got != c.want {
			t.Errorf("%v: %q, want %q", c.args, got, c.want)
		}
	}
}

func TestRulesExplainVersion(t *testing.T) {
	useTestRules(t)
	r := run(t, "rules", "--format", "json").expect(t, 0)
	var rs []struct {
		ID      string         `json:"id"`
		Name    string         `json:"name"`
		Options map[string]any `json:"options"`
		Docs    string         `json:"docs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rs); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, x := range rs {
		ids[x.ID] = true
	}
	for _, id := range []string{"EL9001", "EL9002", "EL9901", "EL9903"} {
		if !ids[id] {
			t.Errorf("rules --format json lacks %s", id)
		}
	}
	for _, x := range rs {
		if x.ID == "EL9901" && x.Options["word"] != "bad" {
			t.Errorf("EL9901 options %v", x.Options)
		}
	}
	r = run(t, "rules").expect(t, 0)
	if !strings.Contains(r.stdout, "EL9901") || !strings.Contains(r.stdout, "test-probe (--probe)") {
		t.Errorf("rules text:\n%s", r.stdout)
	}
	r = run(t, "rules", "--format", "markdown").expect(t, 0)
	if !strings.Contains(r.stdout, "| [EL9901](docs/rules/EL9901.md) | test-marker |") {
		t.Errorf("rules markdown:\n%s", r.stdout)
	}
	run(t, "rules", "--format", "xml").expect(t, 3)

	for _, key := range []string{"EL9901", "test-marker", "el9901"} {
		r = run(t, "explain", key).expect(t, 0)
		for _, want := range []string{"# EL9901 test-marker", "## Bad", "| Default severity | warning |", "word: bad", "Online: https://github.com/edgelint/edgelint/blob/main/docs/rules/EL9901.md"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("explain %s lacks %q:\n%s", key, want, r.stdout)
			}
		}
	}
	r = run(t, "explain", "marker").expect(t, 3)
	if !strings.Contains(r.stderr, "did you mean EL9901 test-marker") {
		t.Errorf("no suggestion: %s", r.stderr)
	}
	run(t, "explain").expect(t, 3)

	r = run(t, "version").expect(t, 0)
	if !strings.HasPrefix(r.stdout, "edgelint "+Version) {
		t.Errorf("version %q", r.stdout)
	}
}
