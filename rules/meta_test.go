package rules

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/internal/probeplan/probetest"
	"github.com/edgelint/edgelint/rules/ruletest"
)

// Every rule is valid, unique, documented with a bad and a good example
// that behave as documented, and has testdata with at least one positive
// and one negative case that pass through the real adapters.
func TestEveryRule(t *testing.T) {
	reg, err := Registry()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reg.Rules() {
		t.Run(r.ID+"-"+r.Name, func(t *testing.T) {
			dirs, _ := filepath.Glob(filepath.Join("*", "testdata", r.Name))
			if len(dirs) != 1 {
				t.Fatalf("want exactly one testdata directory */testdata/%s, found %v", r.Name, dirs)
			}
			entries, err := os.ReadDir(dirs[0])
			if err != nil {
				t.Fatal(err)
			}
			var pos, neg int
			for _, e := range entries {
				if ruletest.HasWants(filepath.Join(dirs[0], e.Name())) {
					pos++
				} else {
					neg++
				}
			}
			if pos == 0 || neg == 0 {
				t.Errorf("testdata needs positive and negative cases: %d positive, %d negative", pos, neg)
			}
			if r.Probe {
				return // probe rules need the test network: TestProbeRules runs them
			}
			ruletest.Run(t, r, dirs[0])
			t.Run("doc", func(t *testing.T) { ruletest.CheckDoc(t, r, ruletest.Options{}) })
		})
	}
}

// The --probe rules' testdata and doc examples run against the test
// network, through the real adapters, as `edgelint check --probe` runs
// them. The network's addresses are fixed, so this is the one test
// process that serves it.
func TestProbeRules(t *testing.T) {
	reg, err := Registry()
	if err != nil {
		t.Fatal(err)
	}
	pr := probetest.Network(t)
	n := 0
	for _, r := range reg.Rules() {
		if !r.Probe {
			continue
		}
		n++
		t.Run(r.ID+"-"+r.Name, func(t *testing.T) {
			dirs, _ := filepath.Glob(filepath.Join("*", "testdata", r.Name))
			if len(dirs) != 1 {
				t.Fatalf("want exactly one testdata directory */testdata/%s, found %v", r.Name, dirs)
			}
			ruletest.Run(t, r, dirs[0], ruletest.Options{Probe: pr})
			t.Run("doc", func(t *testing.T) { ruletest.CheckDoc(t, r, ruletest.Options{Probe: pr}) })
		})
	}
	if n == 0 {
		t.Error("no probe rule registered")
	}
}

func TestCategoriesAreTheContract(t *testing.T) {
	reg, err := Registry()
	if err != nil {
		t.Fatal(err)
	}
	valid := map[lint.Category]bool{}
	for _, c := range lint.Categories {
		valid[c] = true
	}
	for _, r := range reg.Rules() {
		if !valid[r.Category] {
			t.Errorf("%s: category %q is not in CLI.md's vocabulary", r.ID, r.Category)
		}
	}
}
