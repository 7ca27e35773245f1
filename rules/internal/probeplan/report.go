package probeplan

import "github.com/edgelint/edgelint/lint"

// Reporter reports each message once per position: an endpoint reached by
// several routes with the same outcome is one finding.
type Reporter struct {
	p    *lint.Pass
	seen map[string]bool
}

// NewReporter returns a Reporter for one rule's pass.
func NewReporter(p *lint.Pass) *Reporter { return &Reporter{p: p, seen: map[string]bool{}} }

// Report reports msg at u unless it was reported there already.
func (r *Reporter) Report(u Use, msg string) {
	key := u.Pos.String() + "\x00" + msg
	if r.seen[key] {
		return
	}
	r.seen[key] = true
	r.p.Report(u.Pos, msg, u.Related...)
}
