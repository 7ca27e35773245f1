package lint

import (
	"fmt"
	"runtime"
	"sync"
)

// RuleSettings are the user's choices for one rule.
type RuleSettings struct {
	// Severity overrides the rule's default when not SeverityNone.
	Severity Severity
	// Options replaces the rule's defaults when non-nil: a pointer of the
	// type Rule.Options declares, already decoded. Run checks it before
	// the rule runs.
	Options any
}

// Runner runs rules over loaded configs.
type Runner struct {
	Rules []*Rule
	// Settings by rule ID.
	Settings map[string]RuleSettings
	// Probe enables rules marked Probe.
	Probe Prober
	// DocsURL returns the documentation link for a rule.
	DocsURL func(*Rule) string
}

type job struct {
	rule *Rule
	cfg  *Config // nil for cross-layer
}

// Run checks every config with every applicable rule. Rules run in parallel
// (they are pure); the result is sorted. A rule that returns an error or
// panics becomes a LoadError naming the rule, so one bad rule cannot hide
// the others' findings or pass a CI gate silently.
func (r *Runner) Run(configs []*Config) ([]Finding, []LoadError) {
	for _, c := range configs {
		c.index() // built here so parallel rules only read it
	}
	var (
		jobs    []job
		errs    []LoadError
		options = map[*Rule]any{}
	)
	for _, rule := range r.Rules {
		if rule.Options != nil {
			o := r.Settings[rule.ID].Options
			if o == nil {
				o = rule.Options.Default()
			}
			if err := rule.Options.Check(o); err != nil {
				// A rule with bad options does not run: a silent default
				// would pass a CI gate the user meant to tighten.
				errs = append(errs, LoadError{Message: fmt.Sprintf("rule %s (%s): options: %v", rule.ID, rule.Name, err)})
				continue
			}
			options[rule] = o
		}
		if rule.Cross {
			if r.runs(rule, nil, configs) {
				jobs = append(jobs, job{rule: rule})
			}
			continue
		}
		for _, c := range configs {
			if r.runs(rule, c, configs) {
				jobs = append(jobs, job{rule: rule, cfg: c})
			}
		}
	}

	var (
		mu      sync.Mutex
		results = make([][]Finding, len(jobs)) // by job, joined once all are done
		wg      sync.WaitGroup
		work    = make(chan int)
	)
	shared := &memo{}
	workers := runtime.GOMAXPROCS(0)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				j := jobs[i]
				fs, err := r.runOne(j, configs, options[j.rule], shared)
				results[i] = fs
				if err != nil {
					mu.Lock()
					errs = append(errs, *err)
					mu.Unlock()
				}
			}
		}()
	}
	for i := range jobs {
		work <- i
	}
	close(work)
	wg.Wait()
	n := 0
	for _, fs := range results {
		n += len(fs)
	}
	var findings []Finding
	if n > 0 {
		findings = make([]Finding, 0, n)
	}
	for _, fs := range results {
		findings = append(findings, fs...)
	}
	SortFindings(findings)
	SortErrors(errs)
	return findings, errs
}

// Runs reports whether Run checks cfg with rule: the rule is one of
// r.Rules, has a Check, is not a probe rule without a prober, applies to the
// config's source, and needs no whole tree when cfg is a fragment. A
// cross-layer rule runs once over all when any config is of its sources.
// The suppression processor asks it so it judges only rules that ran.
func (r *Runner) Runs(rule *Rule, cfg *Config, all []*Config) bool {
	for _, listed := range r.Rules {
		if listed == rule {
			return r.runs(rule, cfg, all)
		}
	}
	return false
}

func (r *Runner) runs(rule *Rule, cfg *Config, all []*Config) bool {
	switch {
	case rule.Synthetic || (rule.Probe && r.Probe == nil):
		return false
	case rule.Cross:
		return crossApplies(rule, all)
	}
	return cfg != nil && rule.AppliesTo(cfg.Source) && !(rule.WholeTree && cfg.Incomplete())
}

func crossApplies(rule *Rule, configs []*Config) bool {
	for _, c := range configs {
		if rule.AppliesTo(c.Source) {
			return true
		}
	}
	return false
}

func (r *Runner) runOne(j job, all []*Config, opts any, shared *memo) (out []Finding, lerr *LoadError) {
	rule := j.rule
	set := r.Settings[rule.ID]
	sev := rule.Severity
	if set.Severity != SeverityNone {
		sev = set.Severity
	}
	docs := ""
	if r.DocsURL != nil {
		docs = r.DocsURL(rule)
	}
	source := Cloudflare
	if j.cfg != nil {
		source = j.cfg.Source
	}
	pass := &Pass{Rule: rule, Config: j.cfg, All: all, Options: opts, Probe: r.Probe, shared: shared}
	pass.report = func(f Finding) {
		f.RuleID, f.Name, f.Category, f.Severity, f.Docs = rule.ID, rule.Name, rule.Category, sev, docs
		if f.Source == "" {
			f.Source = source
			if j.cfg == nil {
				f.Source = sourceOf(f.Pos, all)
			}
		}
		out = append(out, f)
	}
	defer func() {
		if v := recover(); v != nil {
			where := "all configs"
			if j.cfg != nil {
				where = j.cfg.Root
			}
			lerr = &LoadError{Message: fmt.Sprintf("rule %s (%s) crashed on %s: %v", rule.ID, rule.Name, where, v)}
		}
	}()
	if err := rule.Check(pass); err != nil {
		return out, &LoadError{Message: fmt.Sprintf("rule %s (%s): %v", rule.ID, rule.Name, err)}
	}
	return out, nil
}

// sourceOf attributes a cross-layer finding to the config that holds its
// position.
func sourceOf(pos Position, all []*Config) SourceKind {
	if pos.Resource() != "" && pos.File() == "" {
		return Cloudflare
	}
	for _, c := range all {
		for _, f := range c.Files {
			if f == pos.File() {
				return c.Source
			}
		}
	}
	return ""
}
