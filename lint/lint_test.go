package lint

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestParseVersion(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Version
		err  bool
	}{
		{"1.22.1", Version{1, 22, 1}, false},
		{"1.27", Version{1, 27, 0}, false},
		{" 1.29.7 ", Version{1, 29, 7}, false},
		{"1", Version{}, true},
		{"1.x.3", Version{}, true},
		{"1.2.3.4", Version{}, true},
		{"-1.2", Version{}, true},
	} {
		got, err := ParseVersion(tc.in)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("ParseVersion(%q) = %v, %v; want %v, err=%v", tc.in, got, err, tc.want, tc.err)
		}
	}
	v := MustVersion("1.27.3")
	if !v.AtLeast("1.27.3") || v.AtLeast("1.27.4") || !v.AtLeast("1.9.15") {
		t.Errorf("AtLeast ordering wrong for %v", v)
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0:                       "0s",
		5 * time.Second:         "5s",
		90 * time.Second:        "90s",
		2 * time.Minute:         "2m",
		time.Hour:               "1h",
		90 * time.Minute:        "1h30m",
		500 * time.Millisecond:  "500ms",
		1500 * time.Millisecond: "1500ms",
	} {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestSizeString(t *testing.T) {
	for s, want := range map[Size]string{4096: "4k", 1 << 20: "1m", 1000: "1000", 0: "0"} {
		if got := s.String(); got != want {
			t.Errorf("Size(%d) = %q, want %q", int64(s), got, want)
		}
	}
}

func testRule(id, name string, check func(*Pass) error) *Rule {
	return &Rule{
		ID: id, Name: name, Category: CategoryTimeout, Title: "t", Doc: "d",
		Severity: Warning, Sources: []SourceKind{Nginx}, Check: check,
	}
}

func TestRegistryRejectsBadAndDuplicateRules(t *testing.T) {
	ok := testRule("EL4001", "short-read", func(*Pass) error { return nil })
	if _, err := NewRegistry(ok); err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]*Rule{
		"bad id":         testRule("X1", "short-read", ok.Check),
		"bad name":       testRule("EL4002", "Short_Read", ok.Check),
		"no check":       testRule("EL4003", "no-check", nil),
		"bad category":   func() *Rule { r := testRule("EL4004", "cat", ok.Check); r.Category = "speed"; return r }(),
		"synthetic+func": func() *Rule { r := testRule("EL4005", "syn", ok.Check); r.Synthetic = true; return r }(),
	} {
		if _, err := NewRegistry(r); err == nil {
			t.Errorf("%s: registry accepted %+v", name, r)
		}
	}
	if _, err := NewRegistry(ok, testRule("EL4001", "other", ok.Check)); err == nil {
		t.Error("duplicate ID accepted")
	}
	if _, err := NewRegistry(ok, testRule("EL4009", "short-read", ok.Check)); err == nil {
		t.Error("duplicate name accepted")
	}
	reg, _ := NewRegistry(ok)
	if r, found := reg.Lookup("SHORT-READ"); !found || r != ok {
		t.Error("lookup by name is not case-insensitive")
	}
	if r, found := reg.Lookup("el4001"); !found || r != ok {
		t.Error("lookup by ID is not case-insensitive")
	}
}

func TestRunnerAppliesSeverityOverridesAndSorts(t *testing.T) {
	cfgA := &Config{Source: Nginx, Root: "a.conf", Files: []string{"a.conf"}}
	cfgB := &Config{Source: Apache, Root: "b.conf", Files: []string{"b.conf"}}
	rule := testRule("EL4001", "short-read", func(p *Pass) error {
		p.Reportf(At(p.Config.Root, 9, 0), "late")
		p.Reportf(At(p.Config.Root, 2, 0), "early")
		return nil
	})
	r := &Runner{
		Rules:    []*Rule{rule},
		Settings: map[string]RuleSettings{"EL4001": {Severity: Error}},
		DocsURL:  func(r *Rule) string { return "https://docs/" + r.ID },
	}
	fs, errs := r.Run([]*Config{cfgA, cfgB})
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	if len(fs) != 2 { // the Apache config is not checked by an nginx-only rule
		t.Fatalf("got %d findings, want 2: %+v", len(fs), fs)
	}
	if fs[0].Pos.Line != 2 || fs[1].Pos.Line != 9 {
		t.Errorf("findings not sorted: %+v", fs)
	}
	for _, f := range fs {
		if f.Severity != Error || f.RuleID != "EL4001" || f.Source != Nginx || f.Docs != "https://docs/EL4001" || f.Category != CategoryTimeout {
			t.Errorf("metadata not applied: %+v", f)
		}
	}
}

func TestRunnerTurnsCrashesAndErrorsIntoLoadErrors(t *testing.T) {
	cfg := &Config{Source: Nginx, Root: "a.conf"}
	crash := testRule("EL4001", "crash", func(p *Pass) error { var m map[string]int; m["x"]++; return nil })
	fail := testRule("EL4002", "fail", func(p *Pass) error { return errors.New("boom") })
	_, errs := (&Runner{Rules: []*Rule{crash, fail}}).Run([]*Config{cfg})
	if len(errs) != 2 {
		t.Fatalf("want 2 errors, got %v", errs)
	}
	joined := errs[0].Message + errs[1].Message
	if !strings.Contains(joined, "EL4001 (crash) crashed on a.conf") || !strings.Contains(joined, "EL4002 (fail): boom") {
		t.Errorf("errors do not name the rule: %v", errs)
	}
}

func TestRunnerSkipsFragmentsForWholeTreeRulesAndProbeRulesWithoutProbe(t *testing.T) {
	frag := &Config{Source: Nginx, Root: "frag.conf", Fragment: true}
	ran := 0
	whole := testRule("EL1001", "whole", func(*Pass) error { ran++; return nil })
	whole.WholeTree = true
	probe := testRule("EL1501", "probe", func(*Pass) error { ran++; return nil })
	probe.Probe = true
	(&Runner{Rules: []*Rule{whole, probe}}).Run([]*Config{frag})
	if ran != 0 {
		t.Errorf("ran %d rules that should have been skipped", ran)
	}
}

func TestCrossRulesSeeAllConfigsOnce(t *testing.T) {
	origin := &Config{Source: Nginx, Root: "nginx.conf", Files: []string{"nginx.conf"}}
	zone := &Config{Source: Cloudflare, Root: "cloudflare:zone/example.com"}
	calls := 0
	cross := testRule("EL4301", "cross", func(p *Pass) error {
		calls++
		if p.Config != nil || len(p.All) != 2 {
			t.Errorf("cross rule got Config=%v All=%d", p.Config, len(p.All))
		}
		p.Reportf(At("nginx.conf", 3, 0), "origin side")
		p.Reportf(AtResource("cloudflare:zone/example.com/settings/ssl"), "edge side")
		return nil
	})
	cross.Cross = true
	cross.Sources = []SourceKind{Nginx, Cloudflare}
	fs, _ := (&Runner{Rules: []*Rule{cross}}).Run([]*Config{origin, zone})
	if calls != 1 || len(fs) != 2 {
		t.Fatalf("calls=%d findings=%d", calls, len(fs))
	}
	got := map[SourceKind]bool{fs[0].Source: true, fs[1].Source: true}
	if !got[Nginx] || !got[Cloudflare] {
		t.Errorf("sources not attributed: %+v", fs)
	}
}

func TestPositionString(t *testing.T) {
	for p, want := range map[Position]string{
		At("a.conf", 3, 5):              "a.conf:3:5",
		At("a.conf", 3, 0):              "a.conf:3",
		AtResource("cloudflare:zone/x"): "cloudflare:zone/x",
	} {
		if got := p.String(); got != want {
			t.Errorf("%+v.String() = %q, want %q", p, got, want)
		}
	}
}

// Rules of one run share a value computed once; another run computes it
// afresh.
func TestPassSharedIsPerRun(t *testing.T) {
	type key struct{}
	calls := 0
	var mu sync.Mutex
	mk := func(id string) *Rule {
		return testRule(id, "shared-"+strings.ToLower(id), func(p *Pass) error {
			v := p.Shared(key{}, func() any {
				mu.Lock()
				calls++
				mu.Unlock()
				return 42
			}).(int)
			if v != 42 {
				t.Errorf("shared value %d", v)
			}
			return nil
		})
	}
	rules := []*Rule{mk("EL4001"), mk("EL4002"), mk("EL4003"), mk("EL4004")}
	cfg := &Config{Source: Nginx, Root: "a.conf"}
	(&Runner{Rules: rules}).Run([]*Config{cfg})
	if calls != 1 {
		t.Errorf("computed %d times in one run, want 1", calls)
	}
	(&Runner{Rules: rules}).Run([]*Config{cfg})
	if calls != 2 {
		t.Errorf("a second run reused the first run's value (%d computations)", calls)
	}
}
