package rules

import (
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources"
	"github.com/edgelint/edgelint/sources/input"
)

// A clean, production-style configuration (explicit sane timeouts, a
// resolver for names that move, passive health checks, Host set, working
// upstream keepalive, verified TLS with SNI) yields no finding at all from
// the whole registry: defaults alone are never a warning, and a linter
// that complains about a good configuration gets ripped out of CI.
func TestProductionExamplesAreClean(t *testing.T) {
	reg, err := Registry()
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{
		filepath.Join("..", "examples", "nginx", "production"),
		filepath.Join("..", "examples", "apache", "production", "fixed"),
		filepath.Join("..", "examples", "cloudflare", "fixed"),
	} {
		t.Run(filepath.ToSlash(dir), func(t *testing.T) {
			res := sources.Load([]string{dir}, "", input.Options{})
			for _, e := range res.Errors {
				t.Errorf("load error: %v", e)
			}
			if len(res.Configs) == 0 {
				t.Fatal("nothing loaded")
			}
			for _, c := range res.Configs {
				if c.Fragment {
					t.Errorf("%s loaded as a fragment: the example must be a whole tree", c.Root)
				}
			}
			findings, errs := (&lint.Runner{Rules: reg.Rules()}).Run(res.Configs)
			for _, e := range errs {
				t.Errorf("rule error: %v", e)
			}
			for _, f := range findings {
				t.Errorf("%s %s at %s: %s", f.RuleID, f.Name, f.Pos, f.Message)
			}
		})
	}
}
