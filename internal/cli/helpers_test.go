package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/lint"
)

// Test rules, so these tests do not depend on the real rules' thresholds.
// EL9901 reports `add_header X-Lint <word>` when <word> is the option
// (default "bad"); EL9902 (error) reports `add_header X-Lint-Error ...`;
// EL9903 reports proxied Cloudflare records; EL9904 is a probe rule.
type markerOptions struct {
	Word string `yaml:"word"`
}

var (
	markerRule = &lint.Rule{
		ID: "EL9901", Name: "test-marker", Category: lint.CategoryOther, Title: "test marker",
		Doc:      "# EL9901 test-marker\n\nReports test markers.\n\n## Bad\n\n```nginx\nadd_header X-Lint bad;\n```\n",
		Severity: lint.Warning, Sources: []lint.SourceKind{lint.Nginx, lint.Apache},
		Options: lint.OptionsOf(func() markerOptions { return markerOptions{Word: "bad"} }),
		Check: func(p *lint.Pass) error {
			word := lint.Opts[markerOptions](p).Word
			for _, d := range p.Config.Directives {
				if (d.Name == "add_header" || d.Name == "Header") && hasMarker(d.Args, word) {
					p.Report(d.Pos, "marker "+word+" found → test failure", lint.Related{Pos: lint.At(d.Pos.File(), 1, 1), Message: "file starts here"})
				}
			}
			return nil
		},
	}
	errorRule = &lint.Rule{
		ID: "EL9902", Name: "test-error-marker", Category: lint.CategoryOther, Title: "test error marker",
		Doc: "# EL9902 test-error-marker\n\nReports error markers.\n", Severity: lint.Error,
		Sources: []lint.SourceKind{lint.Nginx},
		Check: func(p *lint.Pass) error {
			for _, d := range p.Config.Directives {
				if d.Name == "add_header" && len(d.Args) >= 1 && d.Args[0] == "X-Lint-Error" {
					p.Reportf(d.Pos, "error marker: %s", strings.Join(d.Args[1:], " "))
				}
			}
			return nil
		},
	}
	recordRule = &lint.Rule{
		ID: "EL9903", Name: "test-proxied-record", Category: lint.CategoryReachability, Title: "test proxied record",
		Doc: "# EL9903 test-proxied-record\n\nReports proxied records.\n", Severity: lint.Warning,
		Sources: []lint.SourceKind{lint.Cloudflare},
		Check: func(p *lint.Pass) error {
			for _, r := range p.Config.Edge.Records {
				if r.Proxied {
					p.Reportf(r.Pos, "record %s is proxied", r.Name)
				}
			}
			return nil
		},
	}
	probeRule = &lint.Rule{
		ID: "EL9904", Name: "test-probe", Category: lint.CategoryReachability, Title: "test probe",
		Doc: "# EL9904 test-probe\n\nProbes.\n", Severity: lint.Warning, Probe: true,
		Sources: []lint.SourceKind{lint.Nginx},
		Check:   func(p *lint.Pass) error { return nil },
	}
)

// repoRoot is the repository, found before any test changes directory.
var repoRoot = func() string {
	wd, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	return filepath.Dir(filepath.Dir(wd))
}()

// hasMarker finds "X-Lint word" in nginx add_header or Apache Header
// arguments.
func hasMarker(args []string, word string) bool {
	for i := 0; i+1 < len(args); i++ {
		if args[i] == "X-Lint" && args[i+1] == word {
			return true
		}
	}
	return false
}

// useTestRules replaces the real rules with the test rules for one test.
func useTestRules(t *testing.T) {
	t.Helper()
	oldBase, oldExtra := baseRules, extraRules
	baseRules = func() []*lint.Rule { return nil }
	extraRules = []*lint.Rule{markerRule, errorRule, recordRule, probeRule}
	t.Cleanup(func() { baseRules, extraRules = oldBase, oldExtra })
}

// inTemp writes files into a fresh directory and makes it the working
// directory for the test.
func inTemp(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, files)
	t.Chdir(dir)
	t.Setenv("NO_COLOR", "")
	return dir
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

type result struct {
	code           int
	stdout, stderr string
}

func run(t *testing.T, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(args, strings.NewReader(""), &out, &errb)
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

// expect fails unless the run exited with code.
func (r result) expect(t *testing.T, code int) result {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
	return r
}

// nginxConf wraps location bodies into a complete nginx.conf.
func nginxConf(locations ...string) string {
	var b strings.Builder
	b.WriteString("events {}\nhttp {\n    server {\n        listen 80;\n")
	for _, l := range locations {
		b.WriteString(l)
	}
	b.WriteString("    }\n}\n")
	return b.String()
}
