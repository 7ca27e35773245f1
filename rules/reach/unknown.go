package reach

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/internal/services"
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
	project := services.Of(p, c)
	for r := range c.Routes() {
		t := r.Target
		host := t.Host
		if t.Variables || t.Upstream != nil || t.UnixPath != "" || host == "" || lint.IsIP(host) || ups.named(host) != nil {
			continue
		}
		pass := passDirective(c, r)
		if svc, _ := project.Named(host); svc == nil && project.Isolated() && singleLabel(host) && !stackName(project, host) &&
			!(needsPort(r.Protocol) && !t.PortSet) {
			// The tree runs in a container of this project, on its
			// networks only: Docker's DNS answers the project's names
			// and nothing else.
			proxy := project.Proxy[0]
			msg := fmt.Sprintf("%s %s: %q is no service, container name or alias of the Compose project this tree runs in "+
				"(service %s mounts it) → nginx refuses to start: host not found in upstream %q", pass, t.Raw, host, proxy.Name, upstreamArg(t))
			rel := []lint.Related{{Pos: proxy.Pos, Message: "the Compose service that runs this configuration"}}
			if near := nearestService(project, host); near != nil {
				msg = fmt.Sprintf("%s %s: %q is no service, container name or alias of the Compose project this tree runs in "+
					"(did you mean %q?) → nginx refuses to start: host not found in upstream %q", pass, t.Raw, host, near.Name, upstreamArg(t))
				rel = append(rel, lint.Related{Pos: near.Pos, Message: near.Name + " defined here"})
			}
			p.Report(t.Pos, msg, rel...)
			continue
		}
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
		if svc, _ := project.Named(host); svc != nil {
			continue // a container of the project, not a typo
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

// upstreamArg is the host as nginx's "host not found in upstream" quotes
// it: with the port when one was written.
func upstreamArg(t lint.Target) string {
	if t.PortSet {
		return fmt.Sprintf("%s:%d", t.Host, t.Port)
	}
	return t.Host
}

// stackName reports a Swarm stack's prefixed service name (mystack_api)
// of a replicated service: the project's own under another spelling.
func stackName(pr *services.Project, host string) bool {
	for _, s := range pr.Services {
		if s.Replicated && len(host) > len(s.Name) && strings.HasSuffix(strings.ToLower(host), "_"+strings.ToLower(s.Name)) {
			return true
		}
	}
	return false
}

// nearestService returns the service name one or two edits from host,
// if exactly one is closest.
func nearestService(pr *services.Project, host string) *lint.ServiceName {
	var best *lint.ServiceName
	bestD, ties := 3, 0
	for _, s := range pr.Services {
		for i := range s.Names {
			n := &s.Names[i]
			d := editDistance(strings.ToLower(n.Name), strings.ToLower(host))
			switch {
			case d < bestD:
				best, bestD, ties = n, d, 0
			case d == bestD && best != nil && !strings.EqualFold(best.Name, n.Name):
				ties++
			}
		}
	}
	if ties > 0 {
		return nil
	}
	return best
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
// from name (a typo), if exactly one is closest, else the one upstream
// whose name is name's first word (prefixedUpstream).
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
		return prefixedUpstream(c, name)
	}
	return best
}

// prefixedUpstream returns the one upstream whose name is name's first
// word (search for search-cluster, search_backend): the pool the pass
// meant, spelt as a longer name.
func prefixedUpstream(c *lint.Config, name string) *lint.Upstream {
	var found *lint.Upstream
	l := strings.ToLower(name)
	for _, u := range c.Upstreams {
		un := strings.ToLower(u.Name)
		if len(un) < 4 || len(l) <= len(un)+1 || !strings.HasPrefix(l, un) || (l[len(un)] != '-' && l[len(un)] != '_') {
			continue
		}
		if found != nil && !strings.EqualFold(found.Name, u.Name) {
			return nil
		}
		found = u
	}
	return found
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
