package rules

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/lint"
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
				return // probe rules need a live network; their package tests run them
			}
			ruletest.Run(t, r, dirs[0])
			t.Run("doc", func(t *testing.T) { ruletest.CheckDoc(t, r, ruletest.Options{}) })
		})
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
