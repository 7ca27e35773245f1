package lint

import (
	"fmt"
	"sync"
)

// Pass is what a rule's Check function sees.
type Pass struct {
	Rule *Rule
	// Config is the config being checked (nil for cross-layer rules).
	Config *Config
	// All holds every loaded config; cross-layer rules read it.
	All []*Config
	// Options is the rule's options: the user's (RuleSettings.Options) or
	// the defaults, checked against Rule.Options. Read them with Opts;
	// they are shared by the rule's passes, so treat them as read-only.
	Options any
	// Probe reaches the network; nil unless --probe was given.
	Probe Prober

	shared *memo
	run    *ruleRun
	out    []Finding
	src    *sources
}

// memo holds values computed once per Run and shared by the rules of that
// run, which execute in parallel.
type memo struct {
	entries sync.Map // key -> *memoEntry
}

type memoEntry struct {
	once  sync.Once
	value any
}

// Shared returns the value stored under key for this run, computing it
// with compute the first time any rule asks. Rules that need the same
// expensive derivation (the zone/origin pairings of the cross-layer rules,
// one probe of every endpoint) share it this way instead of each
// recomputing it. The key must be comparable; use an unexported type so
// packages cannot collide, and include the config when the value is per
// config. Values must be treated as read-only.
func (p *Pass) Shared(key any, compute func() any) any {
	if p.shared == nil {
		return compute()
	}
	// Load first: after the first pass of a run the entry exists, and
	// LoadOrStore would allocate a fresh entry on every call only to drop it
	// (one per rule and config, many on a tree of fragments).
	v, ok := p.shared.entries.Load(key)
	if !ok {
		v, _ = p.shared.entries.LoadOrStore(key, &memoEntry{})
	}
	e := v.(*memoEntry)
	e.once.Do(func() { e.value = compute() })
	return e.value
}

// Report records a finding. Severity and rule metadata come from the rule
// and the user's configuration, never from the rule's code path.
func (p *Pass) Report(pos Position, message string, related ...Related) {
	p.add(Finding{Pos: pos, Message: message, Related: related})
}

// Reportf is Report with formatting.
func (p *Pass) Reportf(pos Position, format string, args ...any) {
	p.Report(pos, fmt.Sprintf(format, args...))
}
