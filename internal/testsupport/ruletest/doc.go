package ruletest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/lint"
)

// Example is one "## Bad" or "## Good" section of a rule doc: the files its
// fenced code blocks hold.
type Example struct {
	Bad   bool
	Files map[string]string // name -> content
}

var (
	sectionRE = regexp.MustCompile(`(?m)^## (Bad|Good)\b.*$`)
	fenceRE   = regexp.MustCompile("(?ms)^```([a-z]+)([^\\n]*)\\n(.*?)^```\\s*$")
	fileAttr  = regexp.MustCompile(`file=(\S+)`)
)

// DefaultFile is the file name a fenced block gets when it names none. A
// yaml block is the example's .edgelint.yaml (e.g. the nginx version it
// targets).
var DefaultFile = map[string]string{
	"nginx":  "nginx.conf",
	"apache": "httpd.conf",
	"json":   "snapshot.json",
	"tf":     "main.tf", // Terraform (cloudflare provider)
	"yaml":   ".edgelint.yaml",
	// Backend configurations beside the proxy's (a PHP-FPM pool, a
	// uWSGI ini); name them with file= when the name matters.
	"ini": "pool.conf",
}

// Examples extracts the bad and good examples of a rule doc. Only code
// blocks in a language of DefaultFile count; others are prose.
func Examples(doc string) []Example {
	var out []Example
	locs := sectionRE.FindAllStringSubmatchIndex(doc, -1)
	for i, loc := range locs {
		end := len(doc)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		body := doc[loc[1]:end]
		if next := strings.Index(body, "\n## "); next >= 0 {
			body = body[:next]
		}
		ex := Example{Bad: doc[loc[2]:loc[3]] == "Bad", Files: map[string]string{}}
		for _, m := range fenceRE.FindAllStringSubmatch(body, -1) {
			name, ok := DefaultFile[m[1]]
			if !ok {
				continue
			}
			if f := fileAttr.FindStringSubmatch(m[2]); f != nil {
				name = f[1]
			}
			ex.Files[name] += m[3]
		}
		out = append(out, ex)
	}
	return out
}

// CheckDoc runs the rule over its doc's examples: every Bad example must
// produce a finding and every Good one none, so docs cannot drift from the
// rule. A doc must have at least one of each.
func CheckDoc(t *testing.T, rule *lint.Rule, o Options) {
	t.Helper()
	exs := Examples(rule.Doc)
	var bad, good int
	for _, ex := range exs {
		if len(ex.Files) == 0 {
			continue
		}
		dir := t.TempDir()
		for name, content := range ex.Files {
			p := filepath.Join(dir, name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		findings, errs := Check(rule, []string{dir}, o)
		for _, e := range errs {
			t.Errorf("%s doc example does not load: %v", rule.ID, e)
		}
		if ex.Bad {
			bad++
			if len(findings) == 0 {
				t.Errorf("%s: the doc's Bad example produces no finding", rule.ID)
			}
		} else {
			good++
			for _, f := range findings {
				t.Errorf("%s: the doc's Good example produces a finding: %s", rule.ID, f.Message)
			}
		}
	}
	if bad == 0 || good == 0 {
		t.Errorf("%s: doc needs a ## Bad and a ## Good section with a fenced nginx, apache or json block", rule.ID)
	}
}
