package reach_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/reach"
	"github.com/edgelint/edgelint/rules/retry"
	"github.com/edgelint/edgelint/rules/ruletest"
	"github.com/edgelint/edgelint/rules/timeouts"
)

// The example configurations under examples/nginx/{reach,retry,timeouts}:
// each case directory is named after the rule it shows; its broken/ tree
// must produce that rule's finding and its fixed/ tree no finding from any
// nginx rule of the three categories (ruletest.NginxRules). A broken/ or
// fixed/ tree may hold a .edgelint.yaml stating the target nginx version,
// as a user's would; otherwise the adapter's default assumption applies.
func TestExamples(t *testing.T) {
	var all []*lint.Rule
	all = append(all, reach.Rules...)
	all = append(all, retry.Rules...)
	all = append(all, timeouts.Rules...)
	all = ruletest.NginxRules(all)
	byName := map[string]*lint.Rule{}
	for _, r := range all {
		byName[r.Name] = r
	}
	covered := map[string]bool{}
	for _, family := range []string{"reach", "retry", "timeouts"} {
		root := filepath.Join("..", "..", "examples", "nginx", family)
		cases, err := os.ReadDir(root)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			rule := byName[c.Name()]
			if rule == nil {
				t.Errorf("%s/%s: no rule of that name", family, c.Name())
				continue
			}
			covered[rule.Name] = true
			t.Run(family+"/"+c.Name(), func(t *testing.T) {
				var o ruletest.Options
				fs, errs := ruletest.Check(rule, []string{filepath.Join(root, c.Name(), "broken")}, o)
				for _, e := range errs {
					t.Errorf("broken: load error: %v", e)
				}
				if len(fs) == 0 {
					t.Errorf("broken: no %s finding", rule.ID)
				}
				for _, r := range all {
					fs, errs := ruletest.Check(r, []string{filepath.Join(root, c.Name(), "fixed")}, o)
					for _, e := range errs {
						t.Errorf("fixed: load error: %v", e)
					}
					for _, f := range fs {
						t.Errorf("fixed: %s %s at %s: %s", f.RuleID, f.Name, f.Pos, f.Message)
					}
				}
			})
		}
	}
	for _, r := range all {
		if !covered[r.Name] {
			t.Errorf("%s %s has no example under examples/nginx", r.ID, r.Name)
		}
	}
}
