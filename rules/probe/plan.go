package probe

import (
	"fmt"
	"net"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

// endpoint is one thing to probe: identical endpoints (same address, same
// TLS parameters) are probed once however often they are configured.
type endpoint struct {
	network string // "tcp" or "unix"
	host    string // name or IP literal (tcp)
	port    int
	path    string // socket path (unix)
	tls     bool
	// sni is the server name the proxy sends ("" = none).
	sni string
	// name is the name the proxy checks the certificate against ("" = no check).
	name string
}

func (e endpoint) String() string {
	if e.network == "unix" {
		return "unix:" + e.path
	}
	return net.JoinHostPort(e.host, fmt.Sprint(e.port))
}

// use is one place in the configuration that makes the proxy connect to an
// endpoint.
type use struct {
	ep     endpoint
	pos    lint.Position
	label  string // what the user wrote: `server 10.0.0.1:8080 (upstream app)`
	source lint.SourceKind
	// runtimeDNS: the name is resolved per request (nginx *_pass with
	// variables; Apache always) rather than when nginx starts.
	runtimeDNS bool
	// sniDirective is set when nginx sends no SNI because
	// proxy_ssl_server_name is off: the fix to name in a message.
	sniOff       bool
	sniDirective string
	// nameDirective says where the checked name comes from.
	nameDirective string
	related       []lint.Related
}

// plan lists every endpoint and route target of cfg the proxy would
// connect to. Targets whose host is only known per request ($variables),
// servers marked down, SRV service lookups and protocols without a known
// port are left out: the probe never guesses an address.
func plan(cfg *lint.Config) []use {
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
	for _, s := range cfg.Sites {
		for _, r := range s.Routes {
			addRoute(r)
		}
	}
	for _, u := range cfg.Upstreams {
		for _, r := range u.UsedBy {
			addRoute(r)
		}
	}

	var out []use
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
				u.related = append(u.related, lint.Related{Pos: targetPos(r), Message: "proxied here"})
				if isTLS(scheme) && !addTLS(cfg, r, &u, hostOf(cfg, r, ep.Host)) {
					u.ep.tls = false
				}
				out = append(out, u)
			}
		case t.UnixPath != "":
			if !usableSocket(t.UnixPath) {
				continue
			}
			out = append(out, use{
				ep:     endpoint{network: "unix", path: socketPath(t.UnixPath)},
				pos:    targetPos(r),
				label:  routeLabel(cfg, r),
				source: cfg.Source,
			})
		case t.Host != "" && !strings.Contains(t.Host, "$") && !pools[strings.ToLower(t.Host)]:
			port := routePort(cfg, r)
			if port == 0 {
				continue
			}
			u := use{
				ep:         endpoint{network: "tcp", host: bare(t.Host), port: port},
				pos:        targetPos(r),
				label:      routeLabel(cfg, r),
				source:     cfg.Source,
				runtimeDNS: t.Variables || cfg.Source == lint.Apache,
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

func endpointUse(cfg *lint.Config, up *lint.Upstream, ep *lint.Endpoint, scheme string) (use, bool) {
	if ep.Down.Value || ep.Service.Value != "" {
		return use{}, false
	}
	// Apache resolves at request time; nginx at start, except servers with
	// the `resolve` parameter, which it re-resolves while running.
	u := use{pos: ep.Pos, source: cfg.Source, runtimeDNS: cfg.Source == lint.Apache || ep.Resolve.Value}
	if cfg.Source == lint.Apache {
		u.label = "BalancerMember " + ep.Raw
	} else {
		u.label = fmt.Sprintf("server %s (upstream %s)", ep.Raw, up.Name)
	}
	switch {
	case ep.UnixPath != "":
		if !usableSocket(ep.UnixPath) {
			return use{}, false
		}
		u.ep = endpoint{network: "unix", path: socketPath(ep.UnixPath)}
	case ep.Host != "" && !strings.Contains(ep.Host, "$"):
		port := portOf(ep.Port, scheme)
		if port == 0 {
			return use{}, false
		}
		u.ep = endpoint{network: "tcp", host: bare(ep.Host), port: port}
	default:
		return use{}, false
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
func addTLS(cfg *lint.Config, r *lint.Route, u *use, host string) bool {
	if u.ep.network != "tcp" {
		return false
	}
	tls := r.TLS
	switch cfg.Source {
	case lint.Apache:
		if !tls.Engine.Value {
			return false
		}
		name := host
		u.nameDirective = "the worker's host"
		if r.PreserveHost.Value {
			if r.Site == nil || len(r.Site.Names) == 0 {
				return false
			}
			name = r.Site.Names[0].Value
			u.nameDirective = "ProxyPreserveHost On: the client's Host " + name
			u.related = append(u.related, lint.Related{Pos: r.PreserveHost.Pos, Message: "ProxyPreserveHost On sends the client's Host as SNI"})
		}
		u.ep.tls = true
		u.ep.sni = sniFor(name)
		if !(tls.CheckPeerName.Set && !tls.CheckPeerName.Value) {
			u.ep.name = name
		}
	default:
		name := host
		u.nameDirective = "$proxy_host"
		if tls.Name.Set && !isDefaultName(tls.Name.Value) {
			if strings.Contains(tls.Name.Value, "$") {
				return false
			}
			name = tls.Name.Value
			u.nameDirective = directiveOr(tls.Name.Directive, "proxy_ssl_name") + " " + name
			u.related = append(u.related, lint.Related{Pos: tls.Name.Pos, Message: "name set here"})
		}
		name = stripPort(name)
		u.ep.tls = true
		if tls.SNI.Value {
			u.ep.sni = sniFor(name)
		} else {
			u.sniOff = true
			u.sniDirective = directiveOr(tls.SNI.Directive, "proxy_ssl_server_name")
		}
		if tls.Verify.Value {
			u.ep.name = name
			u.related = append(u.related, lint.Related{Pos: tls.Verify.Pos, Message: "certificate verification enabled here"})
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
		return portOf(t.Port, t.Scheme)
	}
	switch r.Protocol {
	case lint.ProtoHTTP, lint.ProtoGRPC:
		return portOf(t.Port, t.Scheme)
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
	if net.ParseIP(strings.Trim(name, "[]")) != nil {
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

// portOf returns the port the proxy connects to; 0 when the protocol has
// no default and none was written (the probe then leaves it out).
func portOf(port int, scheme string) int {
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
	if !r.Target.Pos.IsZero() {
		return r.Target.Pos
	}
	return r.Pos
}

var passDirective = map[lint.Protocol]string{
	lint.ProtoHTTP: "proxy_pass", lint.ProtoFastCGI: "fastcgi_pass", lint.ProtoUWSGI: "uwsgi_pass",
	lint.ProtoSCGI: "scgi_pass", lint.ProtoGRPC: "grpc_pass",
}

func routeLabel(cfg *lint.Config, r *lint.Route) string {
	if r.Target.Directive != "" {
		return r.Target.Directive + " " + r.Target.Raw
	}
	if cfg.Source == lint.Apache {
		return "backend " + r.Target.Raw
	}
	d, ok := passDirective[r.Protocol]
	if !ok {
		return "backend " + r.Target.Raw
	}
	return d + " " + r.Target.Raw
}

func joinPort(addr string, port int) string {
	return net.JoinHostPort(addr, fmt.Sprint(port))
}
