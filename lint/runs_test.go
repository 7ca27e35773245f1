package lint

import "testing"

func TestRunnerRuns(t *testing.T) {
	check := func(*Pass) error { return nil }
	plain := &Rule{ID: "EL0001", Sources: []SourceKind{Nginx}, Check: check}
	whole := &Rule{ID: "EL0002", Sources: []SourceKind{Nginx}, WholeTree: true, Check: check}
	probe := &Rule{ID: "EL0003", Sources: []SourceKind{Nginx}, Probe: true, Check: check}
	cross := &Rule{ID: "EL0004", Sources: []SourceKind{Nginx, Cloudflare}, Cross: true, Check: check}
	synthetic := &Rule{ID: "EL0005", Sources: []SourceKind{Nginx}, Synthetic: true}
	unlisted := &Rule{ID: "EL0006", Sources: []SourceKind{Nginx}, Check: check}
	r := &Runner{Rules: []*Rule{plain, whole, probe, cross, synthetic}}
	tree := &Config{Source: Nginx}
	fragment := &Config{Source: Nginx, Fragment: true}
	apache := &Config{Source: Apache}
	all := []*Config{tree, fragment, apache}
	for _, c := range []struct {
		rule *Rule
		cfg  *Config
		all  []*Config
		want bool
	}{
		{plain, tree, all, true},
		{plain, fragment, all, true},
		{plain, apache, all, false},
		{whole, tree, all, true},
		{whole, fragment, all, false},
		{probe, tree, all, false},
		{cross, nil, all, true},
		{cross, apache, []*Config{apache}, false},
		{synthetic, tree, all, false},
		{unlisted, tree, all, false},
	} {
		if got := r.Runs(c.rule, c.cfg, c.all); got != c.want {
			t.Errorf("Runs(%s, %+v) = %v", c.rule.ID, c.cfg, got)
		}
	}
	r.Probe = struct{ Prober }{}
	if !r.Runs(probe, tree, all) {
		t.Error("probe rule does not run with a prober")
	}
}
