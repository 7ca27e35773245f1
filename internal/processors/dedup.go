package processors

import "github.com/edgelint/edgelint/lint"

// Dedup sorts the findings and hides exact repeats: a snippet included by
// two trees yields the same finding twice. Only a repeat that sorts next to
// its original is seen (the sort ignores related positions).
type Dedup struct{}

func (Dedup) Name() string { return "dedup" }

func (Dedup) Process(_ *Context, fs []lint.Finding) ([]lint.Finding, []Dropped, error) {
	lint.SortFindings(fs)
	var dropped []Dropped
	out := fs[:0]
	for _, f := range fs {
		if len(out) > 0 && same(out[len(out)-1], f) {
			dropped = append(dropped, drop(f, "repeats a finding already reported (its file is part of more than one include tree)"))
			continue
		}
		out = append(out, f)
	}
	return out, dropped, nil
}

func same(a, b lint.Finding) bool {
	if a.RuleID != b.RuleID || a.Pos != b.Pos || a.Message != b.Message || len(a.Related) != len(b.Related) {
		return false
	}
	for i := range a.Related {
		if a.Related[i] != b.Related[i] {
			return false
		}
	}
	return true
}
