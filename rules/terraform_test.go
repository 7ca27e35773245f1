package rules_test

import (
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/ruletest"
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules"
	"github.com/edgelint/edgelint/sources"
	"github.com/edgelint/edgelint/sources/input"
	"github.com/edgelint/edgelint/sources/terraform"
)

// The zones of examples/cloudflare/broken written as Terraform give the
// findings the snapshot gives: each rule on the same object (the
// resource a finding names, which the Terraform source gives as a
// snapshot would, beside the file position) or on the same origin line.
// The v5 shapes are examples/terraform/broken; the v4 shapes, with values
// computed through variables, locals, count, for_each and dynamic
// blocks, sources/terraform/testdata/twin-v4; the plan of the v5 module
// (terraform show -json), sources/terraform/testdata/plan/twin/plan.json, with
// the origin beside the module. Only the IDs of monitors and page rules
// differ: Cloudflare gives them on creation, Terraform names the resource.
func TestTerraformTwin(t *testing.T) {
	reg, err := rules.Registry()
	if err != nil {
		t.Fatal(err)
	}
	snapshot := filepath.Join(examplesRoot, "cloudflare", "broken")
	want := twinFindings(t, reg.Rules(), snapshot)
	if len(want) < 10 {
		t.Fatalf("the snapshot gives %d findings: the example changed?", len(want))
	}
	for _, tree := range []string{
		filepath.Join(examplesRoot, "terraform", "broken"),
		filepath.Join("..", "sources", "terraform", "testdata", "twin-v4"),
	} {
		t.Run(filepath.Base(filepath.Dir(tree))+"/"+filepath.Base(tree), func(t *testing.T) {
			got := twinFindings(t, reg.Rules(), tree)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("findings\n%s\nwant (as the snapshot)\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
	t.Run("plan", func(t *testing.T) {
		tree := filepath.Join(examplesRoot, "terraform", "broken")
		res := sources.WithoutTerraform(sources.Load([]string{tree}, "", input.Options{}))
		cfgs, errs := terraform.LoadPlan(filepath.Join("..", "sources", "terraform", "testdata", "plan", "twin", "plan.json"), input.Options{})
		for _, e := range append(res.Errors, errs...) {
			t.Errorf("load error: %v", e)
		}
		found, rerrs := (&lint.Runner{Rules: reg.Rules()}).Run(append(res.Configs, cfgs...))
		for _, e := range rerrs {
			t.Errorf("%v", e)
		}
		got := twinKeys(t, tree, found)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("findings\n%s\nwant (as the snapshot)\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}

var (
	monitorID  = regexp.MustCompile(`/monitors/.*$`)
	pageRuleID = regexp.MustCompile(`/pagerules/.*$`)
)

func twinFindings(t *testing.T, all []*lint.Rule, tree string) []string {
	t.Helper()
	found, errs := ruletest.CheckAll(all, []string{tree}, ruletest.Options{})
	for _, e := range errs {
		t.Errorf("%s: load error: %v", tree, e)
	}
	return twinKeys(t, tree, found)
}

func twinKeys(t *testing.T, tree string, found []lint.Finding) []string {
	t.Helper()
	var out []string
	for _, f := range found {
		where := f.Pos.Resource()
		if where == "" {
			where = place(t, tree, f.Pos)
		}
		where = pageRuleID.ReplaceAllString(monitorID.ReplaceAllString(where, "/monitors/*"), "/pagerules/*")
		out = append(out, f.RuleID+" "+where)
	}
	sort.Strings(out)
	return out
}
