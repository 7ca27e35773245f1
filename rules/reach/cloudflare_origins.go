package reach

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/internal/cfzone"
)

//go:embed docs/lb-pool-origin-unroutable.md
var poolOriginDoc string

// LBPoolOriginUnroutable reports load-balancer pool origins whose address
// Cloudflare cannot reach over the public internet.
var LBPoolOriginUnroutable = &lint.Rule{
	ID:       "EL1206",
	Name:     "lb-pool-origin-unroutable",
	Category: lint.CategoryReachability,
	Title:    "load-balancer pool origin is a private address or a special-use name",
	Doc:      poolOriginDoc,
	Severity: lint.Error,
	Sources:  []lint.SourceKind{lint.Cloudflare},
	Check:    checkPoolOrigins,
}

// specialUseName says which special-use domain name is in (".local"), or
// "" when it is an ordinary name.
func specialUseName(name string) string {
	n := canon(name)
	for _, s := range specialUse {
		if inDomain(n, s) {
			return s
		}
	}
	return ""
}

// unreachableWhy says why Cloudflare's edge cannot reach address (an IP
// or a host name), or "".
func unreachableWhy(address string) string {
	if why := unroutable(trimBrackets(strings.TrimSpace(address))); why != "" {
		return "a " + why + " address"
	}
	if s := specialUseName(address); s != "" {
		return fmt.Sprintf("a special-use name (.%s) that never resolves in public DNS", s)
	}
	return ""
}

func checkPoolOrigins(p *lint.Pass) error {
	e := cfzone.Live(p)
	if e == nil {
		return nil
	}
	for _, pool := range e.Pools {
		if !pool.Enabled {
			continue // a disabled pool gets no traffic
		}
		for _, o := range pool.Origins {
			if !o.Enabled || o.VirtualNetwork != "" {
				continue // no traffic, or reached over Cloudflare's private network
			}
			why := unreachableWhy(o.Address)
			if why == "" {
				continue
			}
			result := "→ 522/523 for every request the load balancer sends to it"
			if !lint.IsIP(trimBrackets(o.Address)) {
				result = "→ error 1016 (origin DNS error, 530) for every request the load balancer sends to it"
			}
			p.Reportf(o.Pos, "origin %s of pool %s is %s, %s, which Cloudflare cannot reach without a virtual network (virtual_network_id) %s",
				o.Name, pool.Name, o.Address, why, result)
		}
	}
	return nil
}

//go:embed docs/origin-rule-private-override.md
var overrideDoc string

// OriginRulePrivateOverride reports Origin Rules (and Page Rules) whose
// DNS record override sends requests where Cloudflare cannot connect.
var OriginRulePrivateOverride = &lint.Rule{
	ID:       "EL1207",
	Name:     "origin-rule-private-override",
	Category: lint.CategoryReachability,
	Title:    "Origin Rule overrides the origin with a private address or a special-use name",
	Doc:      overrideDoc,
	Severity: lint.Error,
	Sources:  []lint.SourceKind{lint.Cloudflare},
	Check:    checkOverrides,
}

func checkOverrides(p *lint.Pass) error {
	e := cfzone.Live(p)
	if e == nil {
		return nil
	}
	check := func(pos lint.Position, what, target string) {
		if target == "" {
			return
		}
		if why := unreachableWhy(target); why != "" {
			p.Reportf(pos, "%s sends requests to %s, %s → error 1016 (origin DNS error) or 522/523 for every request it matches",
				what, target, why)
			return
		}
		if why, rec := resolvesUnreachable(e, target); why != "" {
			p.Report(pos, fmt.Sprintf("%s sends requests to %s, whose %s record in zone %s points at %s, %s, which Cloudflare cannot reach → 522/523 (1016 for a name) for every request it matches",
				what, target, rec.Type, e.Zone, rec.Content, why), lint.Related{Pos: rec.Pos, Message: "the record the override resolves through"})
		}
	}
	for _, r := range e.OriginRules {
		if r.Enabled {
			check(r.Pos, "Origin Rule "+r.ID+"'s DNS record override", r.OriginHost)
		}
	}
	for _, r := range e.PageRules {
		if r.Enabled {
			check(r.Pos, "Page Rule "+r.Target+"'s resolve override", r.ResolveOverride)
		}
	}
	return nil
}

// resolvesUnreachable looks target up in the zone's own records: when
// every A/AAAA/CNAME record of that name leads where Cloudflare cannot
// connect (DNS-only records included: an override resolves them too), it
// returns why and the first such record. A name without records here, or
// with one record that leads elsewhere, says nothing.
func resolvesUnreachable(e *lint.Edge, target string) (string, *lint.Record) {
	name := canon(target)
	if !inDomain(name, canon(e.Zone)) {
		return "", nil
	}
	var first *lint.Record
	why := ""
	for _, r := range e.Records {
		if canon(r.Name) != name || (r.Type != "A" && r.Type != "AAAA" && r.Type != "CNAME") {
			continue
		}
		w := ""
		if r.Type == "CNAME" {
			if s := specialUseName(r.Content); s != "" {
				w = fmt.Sprintf("a special-use name (.%s) that never resolves in public DNS", s)
			}
		} else if u := unroutable(r.Content); u != "" && !r.PrivateRouting {
			w = "a " + u + " address"
		}
		if w == "" {
			return "", nil
		}
		if first == nil {
			first, why = r, w
		}
	}
	return why, first
}
