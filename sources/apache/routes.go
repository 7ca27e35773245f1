package apache

import (
	"strconv"
	"strings"
	"time"

	"github.com/edgelint/edgelint/lint"
)

// routes finds the places a server passes requests on: ProxyPass (and its
// one-argument form inside <Location>), ProxyPassMatch, RewriteRule with
// the [P] flag, and SetHandler "proxy:…". sections are the enclosing
// directory sections, innermost last.
func (b *builder) routes(s *server, nodes []*Node, sections []*Node) {
	for _, n := range nodes {
		if n.Section {
			if strings.EqualFold(n.Name, "VirtualHost") {
				continue // handled as its own server
			}
			if strings.EqualFold(n.Name, "Proxy") || strings.EqualFold(n.Name, "ProxyMatch") {
				continue // worker configuration, not a route
			}
			b.routes(s, n.Children, append(append([]*Node(nil), sections...), n))
			continue
		}
		switch lowerName(n.Name) {
		case "proxypass", "proxypassmatch":
			b.proxyPass(s, n, sections)
		case "rewriterule":
			b.rewriteRule(s, n, sections)
		case "sethandler":
			if len(n.Args) > 0 && strings.HasPrefix(strings.ToLower(n.Args[0]), "proxy:") {
				match := ""
				if len(sections) > 0 {
					match = strings.Join(sections[len(sections)-1].Args, " ")
				}
				b.addRoute(s, n, sections, match, n.Args[0][len("proxy:"):], 0, nil, 0)
			}
		}
	}
}

func inLocation(sections []*Node) *Node {
	for i := len(sections) - 1; i >= 0; i-- {
		switch strings.ToLower(sections[i].Name) {
		case "location", "locationmatch":
			return sections[i]
		}
	}
	return nil
}

func (b *builder) proxyPass(s *server, n *Node, sections []*Node) {
	args := n.Args
	if len(args) == 0 {
		return
	}
	var match string
	off := 0
	if loc := inLocation(sections); loc != nil && len(loc.Args) > 0 && (args[0] == "!" || strings.Contains(args[0], ":")) {
		// One-argument form inside <Location>: the path is the section's.
		match = loc.Args[len(loc.Args)-1]
	} else {
		if len(args) < 2 {
			return
		}
		match, args, off = args[0], args[1:], 1
	}
	if args[0] == "!" {
		return // exclusion: requests under match are not proxied
	}
	b.addRoute(s, n, sections, match, args[0], off, args[1:], off+1)
}

func (b *builder) rewriteRule(s *server, n *Node, sections []*Node) {
	if len(n.Args) < 3 {
		return
	}
	flags := strings.Trim(n.Args[2], "[]")
	proxy := false
	for _, f := range strings.Split(flags, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if f == "p" || f == "proxy" {
			proxy = true
		}
	}
	if !proxy || !strings.Contains(n.Args[1], "://") {
		return
	}
	b.addRoute(s, n, sections, n.Args[0], n.Args[1], 1, nil, 0)
}

// addRoute builds a route for target (argument index targetAt of n) with
// worker parameters ps (starting at argument psAt).
func (b *builder) addRoute(s *server, n *Node, sections []*Node, match, target string, targetAt int, ps []string, psAt int) {
	if s.site == nil {
		// The main server proxies: it is a site of its own.
		s.site = &lint.Site{Pos: s.pos}
		for _, la := range b.listen {
			s.site.Listeners = append(s.site.Listeners, lint.Listener{Addr: la.addr, Port: la.port, TLS: la.proto == "https", Pos: la.pos})
		}
		b.cfg.Sites = append([]*lint.Site{s.site}, b.cfg.Sites...)
	}
	at := dirPos(n)
	t := parseTarget(target)
	t.Pos = argPos(n, targetAt)
	t.Directive = n.Name
	t.Params = params(n, ps, psAt)
	if t.Scheme != "balancer" {
		// ProxySet in a <Proxy URL> section (or naming the URL) sets
		// parameters of the same worker; ProxyPass's own win.
		for k, v := range b.proxySet(s, target) {
			if _, ok := t.Params[k]; !ok {
				t.Params[k] = v
			}
		}
	}
	r := &lint.Route{Pos: at, Site: s.site, Match: match, Target: t}
	r.Protocol = protocol(t.Scheme)

	if t.Scheme == "balancer" {
		r.Target.Upstream = b.lookupPool(s, t.Host)
		if up := r.Target.Upstream; up != nil {
			use := poolUse{up: up, route: r}
			use.lbmethod, use.hasLBMethod = t.Params["lbmethod"]
			if b.uses != nil {
				*b.uses = append(*b.uses, use)
			} else {
				use.apply()
			}
			for _, e := range up.Endpoints {
				r.Protocol = protocol(e.Scheme)
				break
			}
		}
	}
	r.Timeouts = workerTimeouts(s, t.Params, at)
	if t.Scheme == "balancer" {
		// timeout= on a balancer is how long to wait for a free member;
		// the members' own timeouts govern the backend. Take the shortest.
		r.Timeouts = workerTimeouts(s, nil, at)
		if up := r.Target.Upstream; up != nil {
			for _, e := range up.Endpoints {
				if e.Timeouts.Read.Set && (!r.Timeouts.Read.Set || r.Timeouts.Read.Directive != "timeout=" || e.Timeouts.Read.Value < r.Timeouts.Read.Value) {
					r.Timeouts.Read, r.Timeouts.Send = e.Timeouts.Read, e.Timeouts.Send
				}
				if e.Timeouts.Connect.Directive == "connectiontimeout=" && (r.Timeouts.Connect.Directive != "connectiontimeout=" || e.Timeouts.Connect.Value < r.Timeouts.Connect.Value) {
					r.Timeouts.Connect = e.Timeouts.Connect
				}
				if e.Timeouts.Idle.Set && (!r.Timeouts.Idle.Set || e.Timeouts.Idle.Value < r.Timeouts.Idle.Value) {
					r.Timeouts.Idle = e.Timeouts.Idle
				}
			}
		}
	}

	// ProxyPreserveHost may also be set per directory (2.4.11+): the
	// innermost section wins.
	r.PreserveHost = s.preserveHost
	for i := len(sections) - 1; i >= 0; i-- {
		if d := last(sections[i].Children, "ProxyPreserveHost"); d != nil && len(d.Args) > 0 {
			if v, ok := onOff(d.Args[0]); ok {
				r.PreserveHost = lint.Explicit(v, dirPos(d)).By("ProxyPreserveHost")
				break
			}
		}
	}
	workerHost := t.Host
	if t.PortSet && t.Port > 0 {
		workerHost = t.Host + ":" + strconv.Itoa(t.Port)
	}
	if r.PreserveHost.Value {
		r.Host = lint.Setting[string]{Value: "$host", Set: true, Inherited: r.PreserveHost.Inherited, Pos: r.PreserveHost.Pos, Directive: "ProxyPreserveHost"}
	} else {
		r.Host = lint.Default(workerHost, at).By("ProxyPreserveHost")
	}
	r.HTTPVersion = lint.Default("1.1", at)

	// Upstream TLS: server level, overridden by a <Proxy> section for
	// this worker (2.4.30+).
	engine, check, verify, ca := s.sslProxyEngine, s.checkPeer, s.proxyVerify, s.caFile
	for _, p := range s.proxySections {
		if !proxySectionMatches(p, target) {
			continue
		}
		engine = boolSetting(p.Children, "SSLProxyEngine", engine, engine.Value, engine.Pos)
		check = boolSetting(p.Children, "SSLProxyCheckPeerName", check, check.Value, check.Pos)
		if d := last(p.Children, "SSLProxyVerify"); d != nil && len(d.Args) > 0 {
			verify = lint.Explicit(strings.EqualFold(d.Args[0], "require"), dirPos(d)).By("SSLProxyVerify")
		}
		if d := last(p.Children, "SSLProxyCACertificateFile"); d != nil && len(d.Args) > 0 {
			ca = lint.Explicit(d.Args[0], dirPos(d)).By("SSLProxyCACertificateFile")
		}
	}
	r.TLS = lint.UpstreamTLS{Engine: engine, CheckPeerName: check, Verify: verify, TrustedCertificate: ca}
	if r.PreserveHost.Value {
		r.TLS.SNI = lint.Default(true, at).By("ProxyPreserveHost")
		r.TLS.Name = r.Host
	} else {
		// httpd sends SNI for host names, never for IP literals.
		r.TLS.SNI = lint.Default(!isIP(t.Host), at)
		r.TLS.Name = lint.Default(t.Host, at)
	}

	r.Buffers.FieldSize = lint.Default(lint.Size(defaultFieldSize), at).By("responsefieldsize=")
	if p, ok := t.Params["responsefieldsize"]; ok {
		if d, ok := parseSeconds(p.Value); ok {
			r.Buffers.FieldSize = lint.Explicit(lint.Size(d/time.Second), p.Pos).By("responsefieldsize=")
		}
	}
	if up := r.Target.Upstream; up != nil {
		members := len(up.Endpoints)
		r.Retry.Tries = lint.Default(max(members-1, 0), at).By("maxattempts=")
		for _, ps := range []map[string]lint.Setting[string]{up.Params, t.Params} {
			if p, ok := ps["maxattempts"]; ok {
				if d, ok := parseSeconds(p.Value); ok {
					r.Retry.Tries = lint.Explicit(int(d/time.Second), p.Pos).By("maxattempts=")
				}
			}
		}
	}
	if t.Scheme == "fcgi" {
		r.KeepConn = lint.Default(false, at).By("enablereuse=")
		if p, ok := t.Params["enablereuse"]; ok {
			v, _ := onOff(p.Value)
			r.KeepConn = lint.Explicit(v, p.Pos).By("enablereuse=")
		}
	}
	r.Headers = requestHeaders(s, sections)
	r.Access = append(r.Access, s.site.Access...)
	for _, sec := range sections {
		if !isSiteWide(sec) {
			r.Access = append(r.Access, access(sec.Children)...)
		}
	}
	s.site.Routes = append(s.site.Routes, r)
}

// requestHeaders are the mod_headers RequestHeader set/append/add lines of
// the server (already merged with the main server's) and the enclosing
// sections, outer first.
func requestHeaders(s *server, sections []*Node) []lint.Header {
	out := append([]lint.Header(nil), s.headers...)
	for _, sec := range sections {
		out = append(out, headerLines(sec.Children)...)
	}
	return out
}

func headerLines(nodes []*Node) []lint.Header {
	var out []lint.Header
	for _, n := range nodes {
		if n.Section || !strings.EqualFold(n.Name, "RequestHeader") || len(n.Args) < 3 {
			continue
		}
		switch strings.ToLower(n.Args[0]) {
		case "set", "append", "add", "setifempty":
			out = append(out, lint.Header{Name: n.Args[1], Value: n.Args[2], Pos: dirPos(n)})
		}
	}
	return out
}

func (b *builder) lookupPool(s *server, name string) *lint.Upstream {
	var any *lint.Upstream
	for _, up := range b.pools[name] {
		switch b.poolScope[up] {
		case s:
			return up
		case s.main:
			any = up
		}
		if any == nil {
			any = up
		}
	}
	return any
}

// proxySectionMatches reports whether a <Proxy URL> section configures
// the worker for target: the URL is a prefix of the target (wildcards as
// prefix up to the first one).
func proxySectionMatches(p *Node, target string) bool {
	if len(p.Args) == 0 || !strings.EqualFold(p.Name, "Proxy") {
		return false
	}
	pat := p.Args[0]
	if pat == "*" {
		return true
	}
	if i := strings.IndexAny(pat, "*?["); i >= 0 {
		pat = pat[:i]
	}
	if _, after, ok := strings.Cut(target, "|"); ok && strings.HasPrefix(strings.ToLower(target), "unix:") {
		target = after
	}
	return strings.HasPrefix(strings.ToLower(target), strings.ToLower(strings.TrimSuffix(pat, "/")))
}

// workerProxySets returns the ProxySet lines of the server's own level
// that name a non-balancer worker URL, in order; found once per server,
// as every route of every virtual host looks at the main server's.
func (s *server) workerProxySets() []*Node {
	if s.proxySets == nil {
		s.proxySets = []*Node{}
		for _, n := range s.nodes {
			if n.Section || !strings.EqualFold(n.Name, "ProxySet") || len(n.Args) < 2 {
				continue
			}
			if strings.Contains(n.Args[0], "://") && !isBalancer(n.Args[0]) {
				s.proxySets = append(s.proxySets, n)
			}
		}
	}
	return s.proxySets
}

// proxySet collects ProxySet worker parameters for a non-balancer worker
// URL: inside <Proxy> sections that match it, or naming it as their first
// argument.
func (b *builder) proxySet(s *server, target string) map[string]lint.Setting[string] {
	out := map[string]lint.Setting[string]{}
	add := func(n *Node, args []string, off int) {
		for k, v := range params(n, args, off) {
			out[k] = v
		}
	}
	scan := func(s *server) {
		for _, n := range s.workerProxySets() {
			if strings.HasPrefix(strings.ToLower(target), strings.ToLower(strings.TrimSuffix(n.Args[0], "/"))) {
				add(n, n.Args[1:], 1)
			}
		}
	}
	if s.main != nil {
		scan(s.main)
	}
	scan(s)
	for _, p := range s.proxySections {
		if len(p.Args) == 0 || p.Args[0] == "*" || isBalancer(p.Args[0]) || !proxySectionMatches(p, target) {
			continue
		}
		for _, n := range p.Children {
			if !n.Section && strings.EqualFold(n.Name, "ProxySet") {
				add(n, n.Args, 0)
			}
		}
	}
	return out
}
