package lint

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
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

// ruleRun is what every pass of one rule shares: worked out once per Run
// rather than once per config.
type ruleRun struct {
	rule *Rule
	opts any
	sev  Severity
	docs string
}

// job is one unit of parallel work: the rules of runs applied to cfg (nil
// for a cross-layer rule), in order.
type job struct {
	cfg  *Config
	runs []*ruleRun
	// pick is true when runs are every per-config rule, each run only if
	// it applies to cfg: a small config's job shares the one list.
	pick bool
}

// splitAt is the number of directives from which a config's rules are
// jobs of their own: below it, one job takes every rule of the config, so
// a run of 100,000 fragments hands out 100,000 jobs instead of 70 times
// that; above it, the rules of one big tree still spread over the cores.
const splitAt = 512

// Run checks every config with every applicable rule. Rules run in parallel
// (they are pure); the result is sorted. A rule that returns an error or
// panics becomes a LoadError naming the rule, so one bad rule cannot hide
// the others' findings or pass a CI gate silently.
func (r *Runner) Run(configs []*Config) ([]Finding, []LoadError) {
	workers := runtime.GOMAXPROCS(0)
	// Built before any rule runs, so parallel rules only read them; each
	// config's index is its own, so building them in parallel is the
	// serial result.
	parallel(len(configs), workers, func(i int) { configs[i].index() })
	var (
		errs  []LoadError
		each  []*ruleRun // rules run per config, in r.Rules order
		cross []*ruleRun
	)
	for _, rule := range r.Rules {
		var opts any
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
			opts = o
		}
		if rule.Synthetic || (rule.Probe && r.Probe == nil) {
			continue
		}
		rr := &ruleRun{rule: rule, opts: opts, sev: rule.Severity}
		if set := r.Settings[rule.ID]; set.Severity != SeverityNone {
			rr.sev = set.Severity
		}
		if r.DocsURL != nil {
			rr.docs = r.DocsURL(rule)
		}
		if rule.Cross {
			if crossApplies(rule, configs) {
				cross = append(cross, rr)
			}
			continue
		}
		each = append(each, rr)
	}

	// Jobs are in config order, then rule order: findings that sort equal
	// (same position, rule and message) keep the order they had when every
	// (rule, config) pair was a job of its own. The big configs' jobs are
	// handed out first so one of them does not finish alone at the end.
	var jobs []job
	var first, rest []int
	for _, c := range configs {
		if len(c.Directives) < splitAt {
			rest = append(rest, len(jobs))
			jobs = append(jobs, job{cfg: c, runs: each, pick: true})
			continue
		}
		for i, rr := range each {
			if r.runs(rr.rule, c, configs) {
				first = append(first, len(jobs))
				jobs = append(jobs, job{cfg: c, runs: each[i : i+1]})
			}
		}
	}
	for i := range cross {
		first = append(first, len(jobs))
		jobs = append(jobs, job{runs: cross[i : i+1]})
	}
	order := append(first, rest...)

	var (
		mu      sync.Mutex
		results = make([][]Finding, len(jobs)) // by job, joined once all are done
		shared  = &memo{}
		src     = &sources{all: configs}
	)
	passes := make([]Pass, workers) // one per worker, reset for each rule
	parallelWorkers(len(order), workers, func(w, k int) {
		i := order[k]
		j := jobs[i]
		pass := &passes[w]
		var out []Finding
		for _, rr := range j.runs {
			if j.pick && !r.runs(rr.rule, j.cfg, configs) {
				continue
			}
			*pass = Pass{Rule: rr.rule, Config: j.cfg, All: configs, Options: rr.opts, Probe: r.Probe, shared: shared, run: rr, out: out, src: src}
			err := r.runOne(pass)
			out = pass.out
			if err != nil {
				mu.Lock()
				errs = append(errs, *err)
				mu.Unlock()
			}
		}
		*pass = Pass{}
		results[i] = out
	})
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

// parallel calls do(i) for every i below n on up to workers goroutines.
func parallel(n, workers int, do func(i int)) {
	parallelWorkers(n, workers, func(_, i int) { do(i) })
}

// parallelWorkers calls do(w, i) for every i below n, w being the number
// of the goroutine (below workers) that calls it. Indexes are handed out by
// a counter, not a channel: a channel operation per job was a measurable
// part of a run of 100,000 small configs.
func parallelWorkers(n, workers int, do func(w, i int)) {
	workers = max(1, min(workers, n))
	if workers == 1 {
		for i := range n {
			do(0, i)
		}
		return
	}
	var (
		next atomic.Int64
		wg   sync.WaitGroup
	)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				do(w, i)
			}
		}()
	}
	wg.Wait()
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

// runOne runs pass's rule; its findings are appended to pass.out.
func (r *Runner) runOne(pass *Pass) (lerr *LoadError) {
	rule := pass.Rule
	defer func() {
		if v := recover(); v != nil {
			where := "all configs"
			if pass.Config != nil {
				where = pass.Config.Root
			}
			lerr = &LoadError{Message: fmt.Sprintf("rule %s (%s) crashed on %s: %v", rule.ID, rule.Name, where, v)}
		}
	}()
	if err := rule.Check(pass); err != nil {
		return &LoadError{Message: fmt.Sprintf("rule %s (%s): %v", rule.ID, rule.Name, err)}
	}
	return nil
}

// add records f with its rule's metadata.
func (p *Pass) add(f Finding) {
	rr := p.run
	f.RuleID, f.Name, f.Category, f.Severity, f.Docs = rr.rule.ID, rr.rule.Name, rr.rule.Category, rr.sev, rr.docs
	if f.Source == "" {
		if p.Config != nil {
			f.Source = p.Config.Source
		} else {
			f.Source = p.src.of(f.Pos)
		}
	}
	p.out = append(p.out, f)
}

// sources attributes the findings of cross-layer rules to configs, with a
// map of the run's files made the first time one is needed: looking
// through every config for each finding was quadratic on a run of many
// small configs.
type sources struct {
	all    []*Config
	once   sync.Once
	byFile map[string]SourceKind
}

func (s *sources) of(pos Position) SourceKind {
	if pos.Resource() != "" && pos.File() == "" {
		return Cloudflare
	}
	s.once.Do(func() {
		s.byFile = map[string]SourceKind{}
		for _, c := range s.all {
			for _, f := range c.Files {
				if _, ok := s.byFile[f]; !ok {
					s.byFile[f] = c.Source
				}
			}
		}
	})
	return s.byFile[pos.File()]
}
