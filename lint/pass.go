package lint

import (
	"fmt"
)

// Pass is what a rule's Check function sees.
type Pass struct {
	Rule *Rule
	// Config is the config being checked (nil for cross-layer rules).
	Config *Config
	// All holds every loaded config; cross-layer rules read it.
	All []*Config
	// Options is the rule's options (the pointer Rule.Options returned,
	// overlaid with the user's configuration).
	Options any
	// Probe reaches the network; nil unless --probe was given.
	Probe Prober

	report func(Finding)
}

// Report records a finding. Severity and rule metadata come from the rule
// and the user's configuration, never from the rule's code path.
func (p *Pass) Report(pos Position, message string, related ...Related) {
	p.report(Finding{Pos: pos, Message: message, Related: related})
}

// Reportf is Report with formatting.
func (p *Pass) Reportf(pos Position, format string, args ...any) {
	p.Report(pos, fmt.Sprintf(format, args...))
}
