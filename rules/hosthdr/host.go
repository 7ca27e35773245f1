package hosthdr

import (
	_ "embed"
	"fmt"
	"net"
	"regexp"
	"strings"

	"github.com/edgelint/edgelint/lint"
	"golang.org/x/net/publicsuffix"
)

//go:embed docs/upstream-block-name-as-host.md
var hostDoc string

// HostOptions tune upstream-block-name-as-host.
type HostOptions struct {
	// AllBackends also reports pools with no sign of name-based routing
	// (servers on loopback, private addresses, sockets, container names),
	// for stacks whose applications check Host themselves (Django
	// ALLOWED_HOSTS, Rails config.hosts), which the config cannot show.
	AllBackends bool `yaml:"all-backends"`
}

// BlockNameAsHost: without proxy_set_header Host, nginx sends
// Host: $proxy_host, which for proxy_pass http://backend is the block name.
// Most backends behind an upstream block (an application server on
// loopback, a container, a socket) ignore Host, so the rule reports only
// pools with evidence that the name matters.
var BlockNameAsHost = &lint.Rule{
	ID:       "EL2003",
	Name:     "upstream-block-name-as-host",
	Category: lint.CategoryHostHeader,
	Title:    "name-based backend receives the upstream block name as Host",
	Doc:      hostDoc,
	Severity: lint.Warning,
	Sources:  []lint.SourceKind{lint.Nginx},
	// A setting missing here may be set in the http block of the tree
	// that includes a fragment: judge only whole trees.
	WholeTree: true,
	Options:   lint.OptionsOf(func() HostOptions { return HostOptions{} }),
	Check:     checkBlockNameAsHost,
}

// hostSet reports whether the route sends something other than $proxy_host.
// An empty value (no Host header at all) is a deliberate choice too.
func hostSet(r *lint.Route) bool {
	if r.Host.Set {
		return !proxyHost(r.Host.Value)
	}
	for _, h := range r.Headers {
		if strings.EqualFold(h.Name, "Host") {
			return !proxyHost(h.Value)
		}
	}
	return false
}

func proxyHost(v string) bool {
	v = strings.TrimSpace(v)
	return v == "$proxy_host" || strings.HasPrefix(v, "$proxy_host:")
}

func checkBlockNameAsHost(p *lint.Pass) error {
	opts := lint.Opts[HostOptions](p)
	for r, up := range p.Config.PooledRoutes() {
		if r.Protocol != lint.ProtoHTTP || dnsName(up.Name) || hostSet(r) {
			continue
		}
		prefix := fmt.Sprintf("the backend receives \"Host: %s\" (the upstream block name; no proxy_set_header Host)", up.Name)
		related := []lint.Related{upstreamRelated(up)}
		var msg string
		if lst, def, n := sameTreeVhosts(p.Config, up); def != nil {
			msg = fmt.Sprintf("%s and its server %s is a listener of this configuration with %d server blocks chosen by name, none named %s → nginx hands every request to the default server there (%s) whichever block was meant: wrong site, 404 or 444; set proxy_set_header Host to the server_name of the intended block",
				prefix, lst, n, up.Name, siteLabel(def))
			related = append(related, lint.Related{Pos: def.Pos, Message: "default server for " + lst})
		} else if want := publicEndpoint(up); want != "" {
			msg = fmt.Sprintf("%s although its servers are addressed by a public host name (%s), typically a virtual host among others on the same address → it answers from the wrong virtual host: 404, 421 or its default site's 5xx; set proxy_set_header Host %s (or $host)",
				prefix, want, want)
		} else if r.Target.Scheme == "https" && !localPool(up) {
			msg = fmt.Sprintf("%s although it is reached over https → a TLS backend that serves several names (another web server, an ingress, a cloud load balancer) answers from its default virtual host or rejects the mismatch with 421; set proxy_set_header Host to the name it serves (or $host)",
				prefix)
		} else if opts.AllBackends {
			msg = fmt.Sprintf("%s → backends that check Host or build URLs from it (Django ALLOWED_HOSTS, Rails hosts, virtual hosts) reject the request (400/403/404) or link to http://%s/; set proxy_set_header Host $host",
				prefix, up.Name)
		} else {
			continue
		}
		// The block name comes from the proxy_pass address, so the
		// finding points there (or at an explicit Host $proxy_host).
		pos := r.Target.Pos
		if r.Host.Set || pos.IsZero() {
			pos = r.Host.Pos
		}
		if pos.IsZero() {
			pos = r.Pos
		}
		p.Report(pos, msg, related...)
	}
	return nil
}

// publicEndpoint returns the first server of the pool written as a host
// name under a real top-level domain, on port 80 or 443. Such names (an
// API provider, a SaaS endpoint, a hosting platform, another company
// site) usually share their address with other names and pick the site by
// Host. Names under internal or special-use suffixes (.local, .internal,
// .svc.cluster.local, a Kubernetes namespace) and single-label container
// names do not count, nor do other ports: a name on :8080 is usually the
// application itself (a Jenkins, an app server), not a shared front end.
func publicEndpoint(up *lint.Upstream) string {
	for _, e := range up.Endpoints {
		if e.UnixPath != "" || (e.Port != 80 && e.Port != 443) || !dnsName(e.Host) || strings.EqualFold(e.Host, up.Name) {
			continue
		}
		host := strings.ToLower(e.Host)
		tld := host[strings.LastIndexByte(host, '.')+1:]
		if _, icann := publicsuffix.PublicSuffix(tld); icann {
			return e.Host
		}
	}
	return ""
}

// localPool reports whether every server of the pool is on this machine
// (loopback or a socket): a local TLS service, not a shared front end.
func localPool(up *lint.Upstream) bool {
	for _, e := range up.Endpoints {
		if e.UnixPath == "" && !loopback(e.Host) {
			return false
		}
	}
	return len(up.Endpoints) > 0
}

func loopback(host string) bool {
	h := strings.ToLower(strings.Trim(host, "[]"))
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// sameTreeVhosts finds a server of the pool that is a listener of this
// same configuration where several server blocks are chosen by name and
// none answers to the block name: nginx then gives the request to the
// listener's default server. It returns the listener as written, that
// default server and the number of server blocks there.
func sameTreeVhosts(cfg *lint.Config, up *lint.Upstream) (string, *lint.Site, int) {
	for _, e := range up.Endpoints {
		var sites []*lint.Site
		var def *lint.Site
		for _, s := range cfg.Sites {
			for _, l := range s.Listeners {
				if !listensAt(l, e) {
					continue
				}
				sites = append(sites, s)
				if l.Default && def == nil {
					def = s
				}
				break
			}
		}
		if len(sites) < 2 || !named(sites) || answers(sites, up.Name) {
			continue
		}
		if def == nil {
			def = sites[0]
		}
		return e.Raw, def, len(sites)
	}
	return "", nil, 0
}

// listensAt reports whether the endpoint reaches the listener from the
// same machine: the same socket, or the same port on a loopback address
// (or one the listener names explicitly).
func listensAt(l lint.Listener, e *lint.Endpoint) bool {
	if e.UnixPath != "" || l.Unix != "" {
		return e.UnixPath != "" && e.UnixPath == l.Unix
	}
	if l.Port != e.Port {
		return false
	}
	addr := strings.Trim(l.Addr, "[]")
	host := strings.Trim(e.Host, "[]")
	if strings.EqualFold(addr, host) {
		return true
	}
	if !loopback(host) {
		return false
	}
	if addr == "" || addr == "*" || loopback(addr) {
		return true
	}
	ip := net.ParseIP(addr)
	return ip != nil && ip.IsUnspecified()
}

// named reports whether at least one of the sites has a real server name,
// so that the choice between them is made by Host.
func named(sites []*lint.Site) bool {
	for _, s := range sites {
		for _, n := range s.Names {
			if v := strings.TrimSpace(n.Value); v != "" && v != "_" {
				return true
			}
		}
	}
	return false
}

// answers reports whether one of the sites matches host by server_name
// (exact, wildcard or regex; a name nginx resolves at run time counts).
func answers(sites []*lint.Site, host string) bool {
	host = strings.ToLower(host)
	for _, s := range sites {
		for _, n := range s.Names {
			if serverNameMatches(strings.TrimSpace(n.Value), host) {
				return true
			}
		}
	}
	return false
}

func serverNameMatches(p, host string) bool {
	switch {
	case p == "" || p == "_":
		return false
	case strings.Contains(p, "$"):
		return true
	case strings.HasPrefix(p, "~"):
		re, err := regexp.Compile("(?i)" + p[1:])
		return err != nil || re.MatchString(host)
	}
	p = strings.ToLower(p)
	switch {
	case strings.HasPrefix(p, "."):
		return host == p[1:] || strings.HasSuffix(host, p)
	case strings.HasPrefix(p, "*."):
		return strings.HasSuffix(host, p[1:])
	case strings.HasSuffix(p, ".*"):
		return strings.HasPrefix(host, p[:len(p)-1])
	}
	return p == host
}

// siteLabel names a server block for a message: its first server name,
// or its position.
func siteLabel(s *lint.Site) string {
	for _, n := range s.Names {
		if v := strings.TrimSpace(n.Value); v != "" && v != "_" {
			return "server_name " + v
		}
	}
	return "the server block at " + s.Pos.String()
}
