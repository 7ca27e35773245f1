package reach

import (
	_ "embed"
	"fmt"
	"net/netip"
	"strings"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/internal/pairing"
)

//go:embed docs/origin-allowlist-blocks-cdn.md
var allowDoc string

// OriginAllowlistBlocksCDN reports origin allow/deny (Require ip) lists that
// refuse the addresses every proxied request comes from.
var OriginAllowlistBlocksCDN = &lint.Rule{
	ID:       "EL1302",
	Name:     "origin-allowlist-blocks-cdn",
	Category: lint.CategoryReachability,
	Title:    "origin allowlist excludes the CDN's addresses",
	Doc:      allowDoc,
	Severity: lint.Error,
	Sources:  []lint.SourceKind{lint.Cloudflare, lint.Nginx, lint.Apache},
	Cross:    true,
	Check:    checkAllowlist,
}

type verdict int

const (
	allowed verdict = iota
	blocked
	unknown
)

// evalNginx applies nginx's allow/deny: the first rule whose address
// covers the client decides; no match allows.
func evalNginx(rules []lint.AccessRule, r netip.Prefix) (verdict, *lint.AccessRule) {
	for i := range rules {
		a := &rules[i]
		if a.CIDR == "all" {
			return decide(a)
		}
		p, ok := parseCIDR(a.CIDR)
		if !ok {
			if strings.HasPrefix(a.CIDR, "unix:") {
				continue // matches unix-socket clients only
			}
			return unknown, nil
		}
		switch {
		case contains(p, r):
			return decide(a)
		case p.Overlaps(r):
			return unknown, nil // decides for part of the range only
		}
	}
	return allowed, nil
}

func decide(a *lint.AccessRule) (verdict, *lint.AccessRule) {
	if a.Allow {
		return allowed, a
	}
	return blocked, a
}

// evalApache applies Require ip (and 2.2 Allow/Deny from) as a list of
// granted addresses: with any ip grant, addresses outside every grant are
// refused; Require not ip and Require all denied refuse outright.
func evalApache(rules []lint.AccessRule, r netip.Prefix) (verdict, *lint.AccessRule) {
	var firstGrant, denyAll *lint.AccessRule
	grantedAll := false
	partial := false
	covered := false
	for i := range rules {
		a := &rules[i]
		if a.CIDR == "all" {
			if a.Allow {
				grantedAll = true
			} else if denyAll == nil {
				denyAll = a
			}
			continue
		}
		p, ok := parseCIDR(a.CIDR)
		if !ok {
			return unknown, nil // a host name or env condition
		}
		if !a.Allow {
			if contains(p, r) {
				return blocked, a
			}
			if p.Overlaps(r) {
				partial = true
			}
			continue
		}
		if firstGrant == nil {
			firstGrant = a
		}
		switch {
		case contains(p, r):
			covered = true
		case p.Overlaps(r):
			partial = true
		}
	}
	switch {
	case partial:
		return unknown, nil
	case covered || grantedAll:
		return allowed, nil
	case firstGrant != nil:
		return blocked, firstGrant
	case denyAll != nil:
		return blocked, denyAll
	}
	return allowed, nil
}

func describeRule(src lint.SourceKind, a *lint.AccessRule) string {
	if src == lint.Apache {
		switch {
		case a.CIDR == "all" && a.Allow:
			return "Require all granted"
		case a.CIDR == "all":
			return "Require all denied"
		case a.Allow:
			return "Require ip " + a.CIDR
		}
		return "Require not ip " + a.CIDR
	}
	if a.Allow {
		return "allow " + a.CIDR
	}
	return "deny " + a.CIDR
}

func checkAllowlist(p *lint.Pass) error {
	o, pairs := pairing.Of(p)
	if o == nil {
		return nil
	}
	// With the visitor's address restored from a Cloudflare header, the
	// lists see visitors, not Cloudflare: an allowlist is then intended.
	// With satisfy any or Apache authentication, a refused address can
	// still log in.
	if d := o.Directive("set_real_ip_from", "real_ip_header", "RemoteIPHeader", "RemoteIPTrustedProxy", "AuthType"); d != nil {
		return nil
	}
	for _, c := range o.Cfgs {
		for _, d := range c.Directives {
			if d.Name == "satisfy" && len(d.Args) == 1 && d.Args[0] == "any" {
				return nil
			}
		}
	}
	reported := map[lint.Position]bool{}
	for _, pr := range pairs {
		if !pr.Direct() {
			continue // an intermediary faces the origin, not Cloudflare
		}
		ranges := cdnRanges(pr.Edge.IPRanges)
		sites, hostOf := pr.ServedSites()
		for _, s := range sites {
			lists := [][]lint.AccessRule{s.Site.Access}
			for _, r := range s.Site.Routes {
				lists = append(lists, r.Access)
			}
			for i, rules := range lists {
				if len(rules) == 0 {
					continue
				}
				// A list for some locations only that admits nothing but
				// private addresses (allow 10.0.0.0/8; deny all on /metrics)
				// keeps the public out on purpose, Cloudflare included.
				if i > 0 && !siteWide(rules, s.Site.Access) && !admitsPublic(rules) {
					continue
				}
				var n int
				var first netip.Prefix
				var at *lint.AccessRule
				for _, r := range ranges {
					var v verdict
					var by *lint.AccessRule
					if s.Cfg.Source == lint.Apache {
						v, by = evalApache(rules, r)
					} else {
						v, by = evalNginx(rules, r)
					}
					if v == blocked && by != nil {
						if n == 0 {
							first, at = r, by
						}
						n++
					}
				}
				if n == 0 || reported[at.Pos] {
					continue
				}
				reported[at.Pos] = true
				what := fmt.Sprintf("all %d", n)
				if n < len(ranges) {
					what = fmt.Sprintf("%d of the %d", n, len(ranges))
				}
				p.Report(at.Pos, fmt.Sprintf("%s refuses %s Cloudflare address ranges (e.g. %s) that every request for %s arrives from → 403 from the origin for visitors routed through those ranges",
					describeRule(s.Cfg.Source, at), what, first, hostOf[s.Site]),
					lint.Related{Pos: pr.Edge.Pos, Message: "zone " + pr.Edge.Zone + " proxies " + hostOf[s.Site] + " to this site"})
			}
		}
	}
	return nil
}

// siteWide reports whether a route's list is the site's own (inherited).
func siteWide(rules, site []lint.AccessRule) bool {
	for _, r := range rules {
		for _, s := range site {
			if r.Pos == s.Pos {
				return true
			}
		}
	}
	return false
}

// admitsPublic reports whether a list allows some public address: such an
// allowlist is meant for people on the internet (an office), who can only
// arrive through Cloudflare.
func admitsPublic(rules []lint.AccessRule) bool {
	for _, r := range rules {
		if !r.Allow || r.CIDR == "all" {
			continue
		}
		p, ok := parseCIDR(r.CIDR)
		if !ok {
			continue
		}
		a := p.Addr()
		if !a.IsPrivate() && !a.IsLoopback() && !a.IsLinkLocalUnicast() && !cgnat.Contains(a) {
			return true
		}
	}
	return false
}

var cgnat = netip.MustParsePrefix("100.64.0.0/10")
