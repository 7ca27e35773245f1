package probeplan

import (
	"fmt"
	"net"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

// Endpoint is one thing to probe: identical endpoints (same address, same
// TLS parameters) are probed once however often they are configured.
type Endpoint struct {
	Network string // "tcp" or "unix"
	Host    string // name or IP literal (tcp)
	Port    int
	Path    string // socket path (unix)
	TLS     bool
	// SNI is the server name the proxy sends ("" = none).
	SNI string
	// Name is the name the proxy checks the certificate against ("" = no check).
	Name string
}

func (e Endpoint) String() string {
	if e.Network == "unix" {
		return "unix:" + e.Path
	}
	return net.JoinHostPort(e.Host, fmt.Sprint(e.Port))
}

// Use is one place in the configuration that makes the proxy connect to an
// endpoint.
type Use struct {
	EP     Endpoint
	Pos    lint.Position
	Label  string // what the user wrote: `server 10.0.0.1:8080 (upstream app)`
	Source lint.SourceKind
	// RuntimeDNS: the name is resolved per request (nginx *_pass with
	// variables; Apache always) rather than when nginx starts.
	RuntimeDNS bool
	// SNIDirective is set when nginx sends no SNI because
	// proxy_ssl_server_name is off: the fix to name in a message.
	SNIOff       bool
	SNIDirective string
	// NameDirective says where the checked name comes from.
	NameDirective string
	Related       []lint.Related
}

// Plan lists every endpoint and route target of cfg the proxy would
// connect to. Targets whose host is only known per request ($variables),
// servers marked down, SRV service lookups and protocols without a known
// port are left out: the probe never guesses an address.
func Plan(cfg *lint.Config) []Use {
	pools := map[string]bool{}
	for _, u := range cfg.Upstreams {
		pools[strings.ToLower(u.Name)] = true
	}
	var routes []*lint.Route
	seenRoute := map[*lint.Route]bool{}
	addRoute := func(r *lint.Route) {
		if r != nil && !seenRoute[r] {
			seenRoute[r] = true
			routes = append(routes, r)
		}
	}
	for r := range cfg.Routes() {
		addRoute(r)
	}
	for _, u := range cfg.Upstreams {
		for _, r := range u.UsedBy {
			addRoute(r)
		}
	}

	var out []Use
	usedPools := map[*lint.Upstream]bool{}
	for _, r := range routes {
		t := r.Target
		switch {
		case t.Upstream != nil:
			usedPools[t.Upstream] = true
			for _, ep := range t.Upstream.Endpoints {
				scheme := ep.Scheme
				if scheme == "" {
					scheme = t.Scheme
				}
				u, ok := endpointUse(cfg, t.Upstream, ep, scheme)
				if !ok {
					continue
				}
				u.Related = append(u.Related, lint.Related{Pos: targetPos(r), Message: "proxied here"})
				if isTLS(scheme) && !addTLS(cfg, r, &u, hostOf(cfg, r, ep.Host)) {
					u.EP.TLS = false
				}
				out = append(out, u)
			}
		case t.UnixPath != "":
			if !usableSocket(t.UnixPath) {
				continue
			}
			out = append(out, Use{
				EP:     Endpoint{Network: "unix", Path: socketPath(t.UnixPath)},
				Pos:    targetPos(r),
				Label:  routeLabel(cfg, r),
				Source: cfg.Source,
			})
		case t.Host != "" && !strings.Contains(t.Host, "$") && !pools[strings.ToLower(t.Host)]:
			port := routePort(cfg, r)
			if port == 0 {
				continue
			}
			u := Use{
				EP:         Endpoint{Network: "tcp", Host: bare(t.Host), Port: port},
				Pos:        targetPos(r),
				Label:      routeLabel(cfg, r),
				Source:     cfg.Source,
				RuntimeDNS: t.Variables || cfg.Source == lint.Apache,
			}
			if isTLS(t.Scheme) {
				addTLS(cfg, r, &u, hostOf(cfg, r, t.Host))
			}
			out = append(out, u)
		}
	}
	// Pools no route uses are still resolved and connected to at start
	// (nginx refuses to start when a server name does not resolve).
	for _, up := range cfg.Upstreams {
		if usedPools[up] {
			continue
		}
		for _, ep := range up.Endpoints {
			if u, ok := endpointUse(cfg, up, ep, ep.Scheme); ok {
				out = append(out, u)
			}
		}
	}
	return out
}

func endpointUse(cfg *lint.Config, up *lint.Upstream, ep *lint.Endpoint, scheme string) (Use, bool) {
	if ep.Down.Value || ep.Service.Value != "" {
		return Use{}, false
	}
	// Apache resolves at request time; nginx at start, except servers with
	// the `resolve` parameter, which it re-resolves while running.
	u := Use{Pos: ep.Pos, Source: cfg.Source, RuntimeDNS: cfg.Source == lint.Apache || ep.Resolve.Value}
	if cfg.Source == lint.Apache {
		u.Label = "BalancerMember " + ep.Raw
	} else {
		u.Label = fmt.Sprintf("server %s (upstream %s)", ep.Raw, up.Name)
	}
	switch {
	case ep.UnixPath != "":
		if !usableSocket(ep.UnixPath) {
			return Use{}, false
		}
		u.EP = Endpoint{Network: "unix", Path: socketPath(ep.UnixPath)}
	case ep.Host != "" && !strings.Contains(ep.Host, "$"):
		port := PortOf(ep.Port, scheme)
		if port == 0 {
			return Use{}, false
		}
		u.EP = Endpoint{Network: "tcp", Host: bare(ep.Host), Port: port}
	default:
		return Use{}, false
	}
	return u, true
}

// hostOf is the host the proxy names when it talks TLS to a worker: for
// nginx the host of the *_pass ($proxy_host, the pool name for an upstream
// block); for Apache the worker's own host.
func hostOf(cfg *lint.Config, r *lint.Route, workerHost string) string {
	if cfg.Source == lint.Apache {
		return workerHost
	}
	return r.Target.Host
}

// addTLS fills in the SNI and the checked name the proxy would use; false
// when they cannot be known before a request arrives (a name with
// variables, Apache's ProxyPreserveHost on a site without a ServerName, an
// SSLProxyEngine that is off and never reaches a handshake).
func addTLS(cfg *lint.Config, r *lint.Route, u *Use, host string) bool {
	if u.EP.Network != "tcp" {
		return false
	}
	tls := r.TLS
	switch cfg.Source {
	case lint.Apache:
		if !tls.Engine.Value {
			return false
		}
		name := host
		u.NameDirective = "the worker's host"
		if r.PreserveHost.Value {
			if r.Site == nil || len(r.Site.Names) == 0 {
				return false
			}
			name = r.Site.Names[0].Value
			u.NameDirective = "ProxyPreserveHost On: the client's Host " + name
			u.Related = append(u.Related, lint.Related{Pos: r.PreserveHost.Pos, Message: "ProxyPreserveHost On sends the client's Host as SNI"})
		}
		u.EP.TLS = true
		u.EP.SNI = sniFor(name)
		if !(tls.CheckPeerName.Set && !tls.CheckPeerName.Value) {
			u.EP.Name = name
		}
	default:
		name := host
		u.NameDirective = "$proxy_host"
		if tls.Name.Set && !isDefaultName(tls.Name.Value) {
			if strings.Contains(tls.Name.Value, "$") {
				return false
			}
			name = tls.Name.Value
			u.NameDirective = directiveOr(tls.Name.Directive, "proxy_ssl_name") + " " + name
			u.Related = append(u.Related, lint.Related{Pos: tls.Name.Pos, Message: "name set here"})
		}
		name = stripPort(name)
		u.EP.TLS = true
		if tls.SNI.Value {
			u.EP.SNI = sniFor(name)
		} else {
			u.SNIOff = true
			u.SNIDirective = directiveOr(tls.SNI.Directive, "proxy_ssl_server_name")
		}
		if tls.Verify.Value {
			u.EP.Name = name
			u.Related = append(u.Related, lint.Related{Pos: tls.Verify.Pos, Message: "certificate verification enabled here"})
		}
	}
	return true
}

// usableSocket: a path with variables or a relative path (a template
// placeholder, or relative to a working directory edgelint does not share
// with the server) is not probed.
func usableSocket(p string) bool {
	p = socketPath(p)
	return strings.HasPrefix(p, "/") && !strings.Contains(p, "$")
}

// routePort is the port a literal route target connects to; 0 when it
// cannot be known. nginx's fastcgi_pass, uwsgi_pass and scgi_pass have no
// default port (nginx refuses "no port in upstream"), so a target without
// one, or with a port that is not a number, is left out.
func routePort(cfg *lint.Config, r *lint.Route) int {
	t := r.Target
	if t.PortSet || cfg.Source == lint.Apache {
		return PortOf(t.Port, t.Scheme)
	}
	switch r.Protocol {
	case lint.ProtoHTTP, lint.ProtoGRPC:
		return PortOf(t.Port, t.Scheme)
	}
	return 0
}

// bare drops the brackets of an IPv6 literal ([::1]).
func bare(host string) string {
	return strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
}

// socketPath drops the "unix:" prefix an adapter may keep from the
// address as written (nginx `unix:/run/app.sock`).
func socketPath(p string) string {
	if len(p) > 5 && strings.EqualFold(p[:5], "unix:") {
		return p[5:]
	}
	return p
}

func directiveOr(d, def string) string {
	if d != "" {
		return d
	}
	return def
}

func isDefaultName(v string) bool {
	return v == "" || v == "$proxy_host"
}

// sniFor: neither nginx nor Apache nor Go send an IP literal as SNI.
func sniFor(name string) string {
	if lint.IsIP(name) {
		return ""
	}
	return name
}

func stripPort(name string) string {
	if h, _, err := net.SplitHostPort(name); err == nil {
		return h
	}
	return name
}

func isTLS(scheme string) bool {
	switch strings.ToLower(scheme) {
	case "https", "grpcs", "wss":
		return true
	}
	return false
}

// PortOf returns the port the proxy connects to; 0 when the protocol has
// no default and none was written (the probe then leaves it out).
func PortOf(port int, scheme string) int {
	if port > 0 {
		return port
	}
	switch strings.ToLower(scheme) {
	case "", "http", "ws", "grpc":
		return 80
	case "https", "wss", "grpcs":
		return 443
	case "ajp":
		return 8009
	}
	return 0
}

func targetPos(r *lint.Route) lint.Position {
	return lint.FirstPos(r.Target.Pos, r.Pos)
}

func routeLabel(cfg *lint.Config, r *lint.Route) string {
	if r.Target.Directive != "" {
		return r.Target.Directive + " " + r.Target.Raw
	}
	if cfg.Source == lint.Apache {
		return "backend " + r.Target.Raw
	}
	m := r.Protocol.NginxPrefix()
	if m == "" {
		return "backend " + r.Target.Raw
	}
	return m + "_pass " + r.Target.Raw
}

func joinPort(addr string, port int) string {
	return net.JoinHostPort(addr, fmt.Sprint(port))
}
