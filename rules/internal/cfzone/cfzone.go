// Package cfzone holds what the Cloudflare-only rules of several
// categories share: which zone of a pass they check.
package cfzone

import "github.com/edgelint/edgelint/lint"

// Live returns the zone a rule checks, or nil when the zone is paused
// (Cloudflare then answers DNS only and proxies nothing).
func Live(p *lint.Pass) *lint.Edge {
	if e := p.Config.Edge; e != nil && !e.Paused {
		return e
	}
	return nil
}
