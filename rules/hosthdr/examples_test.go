package hosthdr_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/buffers"
	"github.com/edgelint/edgelint/rules/health"
	"github.com/edgelint/edgelint/rules/hosthdr"
	"github.com/edgelint/edgelint/rules/keepalive"
	"github.com/edgelint/edgelint/rules/ruletest"
	"github.com/edgelint/edgelint/rules/tlsproxy"
)

// The examples under examples/nginx/<family>/<rule>/ are realistic configs:
// broken/ must trigger the rule the directory is named after, and fixed/
// must trigger none of the nginx rules (ruletest.NginxRules) of the
// host-header, health-check, buffer, keepalive and tls categories.
func TestExamples(t *testing.T) {
	families := map[string][]*lint.Rule{
		"hosthdr": ruletest.NginxRules(hosthdr.Rules), "health": ruletest.NginxRules(health.Rules),
		"buffers": ruletest.NginxRules(buffers.Rules), "keepalive": ruletest.NginxRules(keepalive.Rules),
		"tls": ruletest.NginxRules(tlsproxy.Rules),
	}
	var all []*lint.Rule
	for _, rs := range families {
		all = append(all, rs...)
	}
	for fam, rs := range families {
		for _, r := range rs {
			dir := filepath.Join("..", "..", "examples", "nginx", fam, r.Name)
			t.Run(fam+"/"+r.Name, func(t *testing.T) {
				if _, err := os.Stat(dir); err != nil {
					t.Fatalf("no example for %s: %v", r.ID, err)
				}
				found, errs := ruletest.Check(r, []string{filepath.Join(dir, "broken")}, ruletest.Options{})
				for _, e := range errs {
					t.Errorf("broken does not load: %v", e)
				}
				if len(found) == 0 {
					t.Errorf("broken/ produces no %s finding", r.ID)
				}
				for _, f := range found {
					t.Logf("broken: %s: %s %s", f.Pos, f.RuleID, f.Message)
				}
				for _, other := range all {
					found, errs := ruletest.Check(other, []string{filepath.Join(dir, "fixed")}, ruletest.Options{})
					for _, e := range errs {
						t.Errorf("fixed does not load: %v", e)
					}
					for _, f := range found {
						t.Errorf("fixed/ produces %s at %s: %s", f.RuleID, f.Pos, f.Message)
					}
				}
			})
		}
	}
}
