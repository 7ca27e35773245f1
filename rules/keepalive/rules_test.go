package keepalive

import (
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/rules/ruletest"
)

// The package's own run of its fixtures and doc examples, so the family
// can be tested without building every other family (rules.TestEveryRule
// runs the same checks for the whole registry).
func TestRules(t *testing.T) {
	for _, r := range Rules {
		t.Run(r.ID+"-"+r.Name, func(t *testing.T) {
			ruletest.Run(t, r, filepath.Join("testdata", r.Name))
			t.Run("doc", func(t *testing.T) { ruletest.CheckDoc(t, r, ruletest.Options{}) })
		})
	}
}
