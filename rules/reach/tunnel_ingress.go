package reach

import (
	_ "embed"

	"github.com/edgelint/edgelint/lint"
)

//go:embed docs/tunnel-no-catch-all.md
var tunnelNoCatchAllDoc string

// TunnelNoCatchAll reports a cloudflared ingress list whose last rule has
// a hostname or path: cloudflared refuses to start.
var TunnelNoCatchAll = &lint.Rule{
	ID:       "EL1203",
	Name:     "tunnel-no-catch-all",
	Category: lint.CategoryReachability,
	Title:    "cloudflared ingress has no final catch-all rule",
	Doc:      tunnelNoCatchAllDoc,
	Severity: lint.Error,
	Sources:  []lint.SourceKind{lint.Cloudflared},
	Check:    checkTunnelNoCatchAll,
}

func checkTunnelNoCatchAll(p *lint.Pass) error {
	t := p.Config.Tunnel
	if t == nil || len(t.Ingress) == 0 {
		return nil
	}
	last := t.Ingress[len(t.Ingress)-1]
	if last.CatchAll() {
		return nil
	}
	for _, r := range t.Ingress {
		if r.CatchAll() {
			return nil // a catch-all earlier on is EL1204's: cloudflared stops there first
		}
	}
	p.Reportf(last.Pos, "the last ingress rule matches only %s: cloudflared refuses to start (\"The last ingress rule must match all URLs\") → 502/530 for every hostname of the tunnel; end ingress with \"- service: http_status:404\"",
		last.Describe())
	return nil
}

//go:embed docs/tunnel-rule-after-catch-all.md
var tunnelAfterCatchAllDoc string

// TunnelRuleAfterCatchAll reports ingress rules that follow a rule
// matching every request.
var TunnelRuleAfterCatchAll = &lint.Rule{
	ID:       "EL1204",
	Name:     "tunnel-rule-after-catch-all",
	Category: lint.CategoryReachability,
	Title:    "cloudflared ingress rule after the catch-all",
	Doc:      tunnelAfterCatchAllDoc,
	Severity: lint.Error,
	Sources:  []lint.SourceKind{lint.Cloudflared},
	Check:    checkTunnelAfterCatchAll,
}

func checkTunnelAfterCatchAll(p *lint.Pass) error {
	t := p.Config.Tunnel
	if t == nil {
		return nil
	}
	for i, r := range t.Ingress[:max(len(t.Ingress)-1, 0)] {
		if !r.CatchAll() {
			continue
		}
		next := t.Ingress[i+1]
		p.Reportf(next.Pos, "ingress rule for %s comes after the catch-all at line %d, which matches every request: cloudflared refuses to start (\"rules which follow it will never be triggered\") → 502/530 for every hostname of the tunnel",
			next.Describe(), r.Pos.Line)
		return nil
	}
	return nil
}
