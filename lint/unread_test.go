package lint

import "testing"

// A tree with an unread include (a template, a file outside the
// repository) is incomplete: rules that need the whole tree skip it as
// they skip a fragment; the others still run.
func TestRunnerSkipsIncompleteTreesForWholeTreeRules(t *testing.T) {
	check := func(*Pass) error { return nil }
	plain := &Rule{ID: "EL0001", Sources: []SourceKind{Nginx}, Check: check}
	whole := &Rule{ID: "EL0002", Sources: []SourceKind{Nginx}, WholeTree: true, Check: check}
	r := &Runner{Rules: []*Rule{plain, whole}}
	tree := &Config{Source: Nginx}
	incomplete := &Config{Source: Nginx, Unread: []Unread{{Pos: At("nginx.conf", 3, 5), Path: "conf.d/site.conf.j2"}}}
	if tree.Incomplete() || !incomplete.Incomplete() || !(&Config{Fragment: true}).Incomplete() {
		t.Error("Incomplete")
	}
	all := []*Config{tree, incomplete}
	if !r.Runs(whole, tree, all) || r.Runs(whole, incomplete, all) || !r.Runs(plain, incomplete, all) {
		t.Error("a WholeTree rule must run on the whole tree only; other rules on both")
	}
}
