package reach

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

//go:embed docs/upstream-name-unknown.md
var unknownDoc string

// UpstreamNameUnknown reports a literal *_pass host that is neither an
// upstream block nor something a resolver can answer: a name with an
// underscore (not a valid hostname) or a near miss of an upstream name.
var UpstreamNameUnknown = &lint.Rule{
	ID:        "EL1004",
	Name:      "upstream-name-unknown",
	Category:  lint.CategoryReachability,
	Title:     "*_pass names no upstream block and no plausible host",
	Doc:       unknownDoc,
	Severity:  lint.Error,
	Sources:   []lint.SourceKind{lint.Nginx},
	WholeTree: true, // the upstream block may be in a file outside a fragment
	Check:     checkUnknown,
}

func checkUnknown(p *lint.Pass) error {
	c := p.Config
	ups := indexUpstreams(c)
	for _, r := range routes(c) {
		t := r.Target
		host := t.Host
		if t.Variables || t.Upstream != nil || t.UnixPath != "" || host == "" || isIP(host) || ups.named(host) != nil {
			continue
		}
		pass := passDirective(c, r)
		if needsPort(r.Protocol) && !t.PortSet {
			// Only proxy_pass has a default port: any other *_pass to a
			// name that is not an upstream block fails before DNS.
			p.Report(t.Pos, fmt.Sprintf("%s %s: no upstream named %q, and as an address it has no port → "+
				"nginx refuses to start: no port in upstream %q", pass, t.Raw, host, host), nearRelated(c, host)...)
			continue
		}
		if strings.Contains(host, ".") || strings.EqualFold(host, "localhost") {
			continue
		}
		near := nearestUpstream(c, host)
		if near == nil && !strings.Contains(host, "_") {
			// A single-label name may be a container or /etc/hosts name.
			continue
		}
		msg := fmt.Sprintf("%s %s: no upstream named %q", pass, t.Raw, host)
		if near != nil {
			msg += fmt.Sprintf(" (did you mean %q?)", near.Name)
		}
		if strings.Contains(host, "_") {
			msg += " and a name with \"_\" is not a valid hostname"
		}
		msg += fmt.Sprintf(" → nginx resolves it at start and refuses to start: host not found in upstream %q", host)
		p.Report(t.Pos, msg, nearRelated(c, host)...)
	}
	return nil
}

// needsPort reports the protocols whose *_pass has no default port.
func needsPort(p lint.Protocol) bool {
	return p == lint.ProtoFastCGI || p == lint.ProtoUWSGI || p == lint.ProtoSCGI || p == lint.ProtoGRPC
}

func nearRelated(c *lint.Config, host string) []lint.Related {
	if near := nearestUpstream(c, host); near != nil {
		return []lint.Related{{Pos: near.Pos, Message: "upstream " + near.Name + " defined here"}}
	}
	return nil
}

// nearestUpstream returns the upstream whose name is one or two edits away
// from name (a typo), if exactly one is closest.
func nearestUpstream(c *lint.Config, name string) *lint.Upstream {
	var best *lint.Upstream
	bestD, ties := 3, 0
	for _, u := range c.Upstreams {
		d := editDistance(strings.ToLower(u.Name), strings.ToLower(name))
		switch {
		case d < bestD:
			best, bestD, ties = u, d, 0
		case d == bestD:
			ties++
		}
	}
	if best == nil || ties > 0 || len(name) < 6 || sameButDigits(best.Name, name) {
		return nil
	}
	return best
}

// sameButDigits reports names that differ only in trailing digits (web1,
// web2): numbered instances, usually separate hosts rather than typos.
func sameButDigits(a, b string) bool {
	trim := func(s string) string { return strings.TrimRight(strings.ToLower(s), "0123456789") }
	return trim(a) == trim(b)
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
