package keepalive

import (
	_ "embed"
	"fmt"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/internal/pairing"
)

//go:embed docs/origin-keepalive-off-behind-cdn.md
var keepaliveDoc string

// OriginKeepaliveOff reports client keep-alive turned off on origin sites that
// the CDN proxies to.
var OriginKeepaliveOff = &lint.Rule{
	ID:       "EL5301",
	Name:     "origin-keepalive-off-behind-cdn",
	Category: lint.CategoryKeepalive,
	Title:    "keep-alive is disabled on an origin site behind the CDN",
	Doc:      keepaliveDoc,
	Severity: lint.Warning,
	Sources:  []lint.SourceKind{lint.Cloudflare, lint.Nginx, lint.Apache},
	Cross:    true,
	Check:    checkKeepalive,
}

func checkKeepalive(p *lint.Pass) error {
	_, pairs := pairing.Of(p)
	reported := map[lint.Position]bool{}
	for _, pr := range pairs {
		if !pr.Direct() {
			continue // an intermediary faces the origin, not Cloudflare
		}
		sites, hostOf := pr.ServedSites()
		for _, s := range sites {
			ka := s.Site.ClientKeepalive
			if !ka.Set || ka.Value != 0 || reported[ka.Pos] {
				continue
			}
			reported[ka.Pos] = true
			what := ka.Directive + " 0"
			if s.Cfg.Source == lint.Apache || ka.Directive == "KeepAlive" {
				what = "KeepAlive Off"
			} else if ka.Directive == "" {
				what = "keepalive_timeout 0"
			}
			p.Report(ka.Pos, fmt.Sprintf("%s disables keep-alive for %s, which Cloudflare proxies: every request needs a new connection from Cloudflare → 522 (connection timed out) under load",
				what, hostOf[s.Site]), lint.Related{Pos: pr.Edge.Pos, Message: "zone " + pr.Edge.Zone})
		}
	}
	return nil
}
