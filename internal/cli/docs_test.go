package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/internal/output/ruledocs"
	"github.com/edgelint/edgelint/internal/processors/suppress"
	"github.com/edgelint/edgelint/internal/testsupport/ruletest"
)

// docs/rules is generated from the rules; this fails when a rule or its
// doc changed and the pages were not regenerated.
func TestRuleDocsUpToDate(t *testing.T) {
	reg, err := registry()
	if err != nil {
		t.Fatal(err)
	}
	stale, err := ruledocs.Stale(filepath.Join(repoRoot, "docs", "rules"), reg.Rules())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stale {
		t.Errorf("docs/rules/%s", s)
	}
	if len(stale) > 0 {
		t.Log("regenerate with: go generate ./internal/cli   (runs: go run ./cmd/edgelint rules --write-docs docs/rules)")
	}
}

// The README's rule table is generated from the same rules.
func TestReadmeRuleTableUpToDate(t *testing.T) {
	reg, err := registry()
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := ruledocs.Readme(string(readme), reg.Rules())
	if err != nil {
		t.Fatal(err)
	}
	if want != string(readme) {
		t.Error("README.md's rule table is stale; regenerate with: go generate ./internal/cli")
	}
}

// The suppression rules' Bad and Good examples behave as documented when
// run through the whole command (the synthetic rules have no Check for
// ruletest.CheckDoc to run).
func TestSuppressionDocExamples(t *testing.T) {
	for _, rule := range suppress.Rules {
		examples := ruletest.Examples(rule.Doc)
		if len(examples) < 2 {
			t.Fatalf("%s: want a Bad and a Good example", rule.ID)
		}
		for i, ex := range examples {
			dir := t.TempDir()
			writeFiles(t, dir, ex.Files)
			t.Chdir(dir)
			var paths []string
			for name := range ex.Files {
				paths = append(paths, name)
			}
			found := false
			for _, f := range findings(t, paths...) {
				found = found || f[:6] == rule.ID
			}
			if found != ex.Bad {
				t.Errorf("%s example %d (bad=%v): finding=%v", rule.ID, i, ex.Bad, found)
			}
		}
	}
}
