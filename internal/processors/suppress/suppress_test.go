package suppress

import (
	"testing"

	"github.com/edgelint/edgelint/lint"
)

func TestSplitRules(t *testing.T) {
	for _, c := range []struct{ in, list, reason string }{
		{"EL4001 slow export", "EL4001", "slow export"},
		{"EL4001,EL4002 both", "EL4001,EL4002", "both"},
		{"EL4001, EL4002 both", "EL4001,EL4002", "both"},
		{"EL4001 ,EL4002 both", "EL4001,EL4002", "both"},
		{"EL4001", "EL4001", ""},
		{"", "", ""},
	} {
		list, reason := splitRules(c.in)
		if list != c.list || reason != c.reason {
			t.Errorf("splitRules(%q) = %q, %q", c.in, list, reason)
		}
	}
}

func TestApply(t *testing.T) {
	rule := &lint.Rule{ID: "EL4001", Name: "x", Category: lint.CategoryTimeout, Title: "x", Doc: "x",
		Severity: lint.Warning, Sources: []lint.SourceKind{lint.Nginx}, Check: func(*lint.Pass) error { return nil }}
	reg, err := lint.NewRegistry(append([]*lint.Rule{rule}, Rules...)...)
	if err != nil {
		t.Fatal(err)
	}
	at := func(line int) lint.Position { return lint.At("a.conf", line, 5) }
	cfg := &lint.Config{Source: lint.Nginx, Comments: []lint.Comment{
		{Pos: at(2), Text: "edgelint:ignore x block reason", Scope: lint.Span("a.conf", 3, 0, 6)},
		{Pos: at(10), Text: "not ours"},
		{Pos: at(11), Text: "edgelint:ignore EL4001 nothing here", Scope: lint.At("a.conf", 12, 0)},
	}}
	// the same comments seen through a second tree including the file
	cfg2 := &lint.Config{Source: lint.Nginx, Comments: cfg.Comments}
	f := func(line int) lint.Finding { return lint.Finding{RuleID: "EL4001", Pos: at(line)} }
	p := &Processor{Registry: reg}
	kept, n := p.Apply([]*lint.Config{cfg, cfg2}, []lint.Finding{f(4), f(6), f(7)})
	if n != 2 || len(kept) != 2 || kept[0].Pos.Line != 7 || kept[1].RuleID != "EL9002" || kept[1].Pos.Line != 11 {
		t.Errorf("suppressed %d, kept %+v", n, kept)
	}
	// rules that did not run are not judged
	p.Ran = func(*lint.Rule, *lint.Config) bool { return false }
	if kept, _ := p.Apply([]*lint.Config{cfg}, nil); len(kept) != 0 {
		t.Errorf("unused reported for a rule that did not run: %+v", kept)
	}
}
