package reach

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

//go:embed docs/upstream-name-unknown.md
var unknownDoc string

// UpstreamNameUnknown reports a literal *_pass host that is not an upstream
// block where that is certain to fail: a fastcgi/uwsgi/scgi/grpc address
// without a port, or a name one or two edits from an upstream block's name
// (a typo). Other names may be hosts that DNS or /etc/hosts knows.
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
	// An include that read nothing may hold the upstream block the name
	// refers to.
	if httpIncludesUnread(c) {
		return nil
	}
	ups := indexUpstreams(c)
	// Names the configuration itself uses as host names elsewhere (a pool
	// member, a literal address with a port) are hosts, not typos.
	hosts := map[string]bool{}
	for _, e := range c.Endpoints() {
		hosts[strings.ToLower(e.Host)] = true
	}
	for r := range c.Routes() {
		if t := r.Target; !t.Variables && t.Upstream == nil && t.PortSet {
			hosts[strings.ToLower(t.Host)] = true
		}
	}
	for r := range c.Routes() {
		t := r.Target
		host := t.Host
		if t.Variables || t.Upstream != nil || t.UnixPath != "" || host == "" || lint.IsIP(host) || ups.named(host) != nil {
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
		// A name with a port or a dot is written as a host name, and any
		// single-label name may be a container, Compose service or
		// /etc/hosts name (underscores included: glibc and musl resolve
		// them). Only a near miss of a pool's name is a likely typo.
		if t.PortSet || strings.Contains(host, ".") || strings.EqualFold(host, "localhost") {
			continue
		}
		near := nearestUpstream(c, host)
		if near == nil || hosts[strings.ToLower(host)] {
			continue
		}
		p.Report(t.Pos, fmt.Sprintf("%s %s: no upstream named %q (did you mean %q?) → nginx resolves %q as a host name at start "+
			"and, unless DNS or /etc/hosts knows it, refuses to start: host not found in upstream %q",
			pass, t.Raw, host, near.Name, host, host), nearRelated(c, host)...)
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
