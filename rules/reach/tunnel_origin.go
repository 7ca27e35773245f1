package reach

import (
	_ "embed"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

//go:embed docs/tunnel-origin-not-listening.md
var tunnelOriginDoc string

// TunnelOriginNotListening reports a cloudflared ingress service on a
// loopback port or unix socket that nothing among the inputs listens on or
// talks to.
var TunnelOriginNotListening = &lint.Rule{
	ID:       "EL1205",
	Name:     "tunnel-origin-not-listening",
	Category: lint.CategoryReachability,
	Title:    "cloudflared ingress service on a local port or socket nothing in the tree listens on",
	Doc:      tunnelOriginDoc,
	// info: an application the tree does not describe may listen there.
	Severity: lint.Info,
	Sources:  []lint.SourceKind{lint.Cloudflared, lint.Nginx, lint.Apache, lint.Compose},
	Cross:    true,
	Check:    checkTunnelOrigin,
}

// localSockets are the loopback ports and unix sockets that the inputs
// show something listening on or connecting to.
type localSockets struct {
	ports map[int]bool
	unix  map[string]bool
	// servers names the whole trees that gave them (the evidence).
	servers []string
}

func checkTunnelOrigin(p *lint.Pass) error {
	var tunnels []*lint.Config
	for _, c := range p.All {
		if c.Source == lint.Cloudflared && c.Tunnel != nil {
			tunnels = append(tunnels, c)
		}
	}
	if len(tunnels) == 0 {
		return nil
	}
	l, ok := knownSockets(p.All)
	if !ok {
		return nil
	}
	for _, c := range tunnels {
		for _, r := range c.Tunnel.Ingress {
			_, port, unix, _ := r.Local()
			switch {
			case port != 0 && !l.ports[port]:
				p.Reportf(r.ServicePos, "ingress service %s: nothing in %s listens on port %d or proxies to it → 502 \"Unable to reach the origin service\" for %s unless a process the tree does not describe listens there",
					r.Service, strings.Join(l.servers, ", "), port, r.Describe())
			case unix != "" && !l.unix[unix]:
				p.Reportf(r.ServicePos, "ingress service %s: nothing in %s listens on that socket or proxies to it → 502 \"Unable to reach the origin service\" for %s unless a process the tree does not describe listens there",
					r.Service, strings.Join(l.servers, ", "), r.Describe())
			}
		}
	}
	return nil
}

// knownSockets collects the local sockets of the inputs; ok is false
// when no complete nginx or Apache tree, and no Compose project, is among
// them: without one the rule has no evidence and stays silent. Any
// address a tree names counts, listened on or proxied to: an upstream on
// 127.0.0.1:3000 says an application listens there.
func knownSockets(all []*lint.Config) (localSockets, bool) {
	l := localSockets{ports: map[int]bool{}, unix: map[string]bool{}}
	ok := true
	for _, c := range all {
		switch c.Source {
		case lint.Nginx, lint.Apache:
			if c.Incomplete() {
				ok = false // a listener in an unread file may be the one
				continue
			}
			if len(c.Sites) > 0 {
				l.servers = append(l.servers, c.Root)
			}
			for _, s := range c.Sites {
				for _, ln := range s.Listeners {
					l.ports[ln.Port] = true
					l.unix[ln.Unix] = true
				}
				for _, r := range s.Routes {
					l.ports[r.Target.Port] = true
					l.unix[r.Target.UnixPath] = true
				}
			}
			for _, u := range c.Upstreams {
				for _, e := range u.Endpoints {
					l.ports[e.Port] = true
					l.unix[e.UnixPath] = true
				}
			}
		case lint.Compose:
			l.servers = append(l.servers, c.Root)
			for _, s := range c.Services {
				if s.NetworkMode == "host" {
					// its process listens on the host without ports:
					ok = false
				}
				for _, sp := range s.Ports {
					l.ports[sp.Published] = true
				}
			}
		case lint.Cloudflared:
		default:
			for _, b := range c.Backends {
				for _, s := range b.Listen {
					l.ports[s.Port] = true
					l.unix[s.Unix] = true
				}
			}
		}
	}
	return l, ok && len(l.servers) > 0
}
