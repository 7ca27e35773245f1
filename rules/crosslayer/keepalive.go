package crosslayer

import (
	_ "embed"
	"fmt"

	"github.com/edgelint/edgelint/lint"
)

//go:embed docs/origin-keepalive-off-behind-cdn.md
var keepaliveDoc string

// KeepaliveOff reports client keep-alive turned off on origin sites that
// the CDN proxies to.
var KeepaliveOff = &lint.Rule{
	ID:       "EL5301",
	Name:     "origin-keepalive-off-behind-cdn",
	Category: lint.CategoryKeepalive,
	Title:    "keep-alive is disabled on an origin site behind the CDN",
	Doc:      keepaliveDoc,
	Severity: lint.Warning,
	Sources:  crossSources,
	Cross:    true,
	Check:    checkKeepalive,
}

func checkKeepalive(p *lint.Pass) error {
	_, pairs := pairings(p)
	reported := map[lint.Position]bool{}
	for _, pr := range pairs {
		if !pr.direct() {
			continue // an intermediary faces the origin, not Cloudflare
		}
		sites, hostOf := pr.servedSites()
		for _, s := range sites {
			ka := s.site.ClientKeepalive
			if !ka.Set || ka.Value != 0 || reported[ka.Pos] {
				continue
			}
			reported[ka.Pos] = true
			what := ka.Directive + " 0"
			if s.cfg.Source == lint.Apache || ka.Directive == "KeepAlive" {
				what = "KeepAlive Off"
			} else if ka.Directive == "" {
				what = "keepalive_timeout 0"
			}
			p.Report(ka.Pos, fmt.Sprintf("%s disables keep-alive for %s, which Cloudflare proxies: every request needs a new connection from Cloudflare → 522 (connection timed out) under load",
				what, hostOf[s.site]), lint.Related{Pos: pr.edge.Pos, Message: "zone " + pr.edge.Zone})
		}
	}
	return nil
}
