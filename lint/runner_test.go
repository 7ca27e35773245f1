package lint

import (
	"fmt"
	"reflect"
	"runtime"
	"testing"
)

// TestRunnerSameAsSerial runs configs of every size (small ones are one job,
// big ones a job per rule) with rules that report findings equal in
// position, rule and message from several configs (they differ in Related,
// so their order shows), a cross-layer rule whose findings take the source
// of the config holding the file, and a rule that crashes on some configs.
// At GOMAXPROCS 1, 2 and 4 the result must be the one of running each
// (rule, config) pair in turn, rule by rule, as the runner used to.
func TestRunnerSameAsSerial(t *testing.T) {
	var configs []*Config
	for i := range 40 {
		src := Nginx
		if i%3 == 0 {
			src = Apache
		}
		c := &Config{Source: src, Root: fmt.Sprintf("c%02d.conf", i), Files: []string{fmt.Sprintf("c%02d.conf", i), "shared.conf"}}
		n := 3
		if i%10 == 4 {
			n = splitAt + 7
		}
		for l := range n {
			c.Directives = append(c.Directives, &Directive{Name: "d", Pos: At(c.Root, l+1, 0)})
		}
		configs = append(configs, c)
	}
	shared := testRule("EL4001", "shared-file", func(p *Pass) error {
		// the same finding from every config that includes shared.conf
		p.Report(At("shared.conf", 1, 0), "same", Related{Pos: AtFile(p.Config.Root)})
		return nil
	})
	shared.Sources = []SourceKind{Nginx, Apache}
	perDirective := testRule("EL4002", "per-directive", func(p *Pass) error {
		for _, d := range p.Config.Directives {
			if d.Pos.Line%5 == 0 {
				p.Reportf(d.Pos, "line %d", d.Pos.Line)
			}
		}
		return nil
	})
	crash := testRule("EL4003", "crash", func(p *Pass) error {
		if len(p.Config.Directives) > 100 {
			var m map[string]int
			m["x"]++
		}
		p.Report(At(p.Config.Root, 1, 0), "before")
		return nil
	})
	cross := testRule("EL4301", "cross", func(p *Pass) error {
		for i, c := range p.All {
			if i%7 == 0 {
				p.Report(At(c.Root, 2, 0), "cross")
			}
		}
		p.Report(At("shared.conf", 1, 0), "same")
		return nil
	})
	cross.Cross = true
	cross.Sources = []SourceKind{Nginx, Apache}
	rules := []*Rule{shared, perDirective, crash, cross}

	run := func(procs int) ([]Finding, []LoadError) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		r := &Runner{Rules: rules, DocsURL: func(r *Rule) string { return "docs/" + r.ID }}
		return r.Run(configs)
	}
	// serial is the runner of before: every (rule, config) pair a pass of
	// its own, rule by rule, then the same sort.
	serial := func() ([]Finding, []LoadError) {
		var fs []Finding
		var errs []LoadError
		src := &sources{all: configs}
		for _, rule := range rules {
			rr := &ruleRun{rule: rule, sev: rule.Severity, docs: "docs/" + rule.ID}
			var cfgs []*Config
			if rule.Cross {
				cfgs = []*Config{nil}
			} else {
				for _, c := range configs {
					if rule.AppliesTo(c.Source) {
						cfgs = append(cfgs, c)
					}
				}
			}
			for _, c := range cfgs {
				p := &Pass{Rule: rule, Config: c, All: configs, shared: &memo{}, run: rr, src: src}
				if err := (&Runner{}).runOne(p); err != nil {
					errs = append(errs, *err)
				}
				fs = append(fs, p.out...)
			}
		}
		SortFindings(fs)
		SortErrors(errs)
		return fs, errs
	}
	wantFs, wantErrs := serial()
	if len(wantErrs) == 0 || len(wantFs) < 100 {
		t.Fatalf("the test's rules found %d findings and %d errors; want many and some", len(wantFs), len(wantErrs))
	}
	for _, procs := range []int{1, 2, 4} {
		for range 3 {
			fs, errs := run(procs)
			if !reflect.DeepEqual(fs, wantFs) {
				t.Fatalf("GOMAXPROCS %d: findings differ from the serial run's", procs)
			}
			if !reflect.DeepEqual(errs, wantErrs) {
				t.Fatalf("GOMAXPROCS %d: errors %v, want %v", procs, errs, wantErrs)
			}
		}
	}
}
