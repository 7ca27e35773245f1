package apache

import (
	"net"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/edgelint/edgelint/lint"
)

// Defaults from the httpd 2.4 documentation (core, mod_proxy, mod_ssl,
// mod_proxy_hcheck); see the package doc.
const (
	defaultTimeout          = 60 * time.Second
	defaultKeepAliveTimeout = 5 * time.Second
	defaultRetry            = 60 * time.Second
	defaultHCInterval       = 30 * time.Second
	defaultFieldSize        = 8192
)

// server holds the server-level settings of the main server or one
// <VirtualHost>, each already merged with the main server's.
type server struct {
	node  *Node // nil for the main server
	nodes []*Node
	pos   lint.Position

	timeout, proxyTimeout     lint.Duration
	sslProxyEngine, checkPeer lint.Setting[bool]
	proxyVerify               lint.Setting[bool]
	caFile                    lint.Setting[string]
	preserveHost              lint.Setting[bool]
	keepAlive                 lint.Setting[bool]
	keepAliveTimeout          lint.Duration
	proxySections             []*Node       // <Proxy> sections in scope
	headers                   []lint.Header // RequestHeader lines of the server level
	site                      *lint.Site
	main                      *server
	proxySets                 []*Node // workerProxySets, nil until asked
	lasts                     map[string]*Node
}

// last is last(s.nodes, name), found once per server and name: every
// virtual host without its own looks at the main server's.
func (s *server) last(name string) *Node {
	if n, ok := s.lasts[name]; ok {
		return n
	}
	if s.lasts == nil {
		s.lasts = map[string]*Node{}
	}
	n := last(s.nodes, name)
	s.lasts[name] = n
	return n
}

type builder struct {
	cfg   *lint.Config
	l     *loader
	pools map[string][]*lint.Upstream // by lower-case name
	// poolScope remembers which server defined a pool.
	poolScope map[*lint.Upstream]*server
	// scopePools holds each server's pools, in creation order, and by name:
	// a tree defines as many pools as virtual hosts, so finding a server's
	// own pools must not scan them all.
	scopePools map[*server][]*lint.Upstream
	scopeNamed map[scopedName]*lint.Upstream
	listen     []listenAddr
	seen       map[string]bool // address:port pairs that have their default vhost
	// uses, when set, collects what routes change in pools instead of
	// changing them (buildParallel).
	uses *[]poolUse
	// host marks the builder of one virtual host's pools (buildParallel),
	// which keeps them in hostPools, in creation order.
	host      bool
	hostPools []*lint.Upstream
	// deferDetails makes site leave siteDetails to buildParallel's
	// hosts: only the defaults by address need the hosts in order.
	deferDetails bool
}

type listenAddr struct {
	addr  string
	port  int
	proto string
	pos   lint.Position
}

func newBuilder(cfg *lint.Config, l *loader) *builder {
	return &builder{cfg: cfg, l: l, pools: map[string][]*lint.Upstream{}, poolScope: map[*lint.Upstream]*server{},
		scopePools: map[*server][]*lint.Upstream{}, scopeNamed: map[scopedName]*lint.Upstream{}, seen: map[string]bool{}}
}

// parallelVhosts is the number of virtual hosts from which build shares
// them among the CPUs: below it (typical repositories) starting
// goroutines costs more than the work.
var parallelVhosts = 64

func build(cfg *lint.Config, tree []*Node, l *loader) {
	b := newBuilder(cfg, l)
	mainPos := lint.At(cfg.Root, 1, 1)
	main := &server{nodes: tree, pos: mainPos}
	b.serverSettings(main, nil)
	for _, n := range tree {
		if !n.Section && strings.EqualFold(n.Name, "Listen") && len(n.Args) > 0 {
			b.listen = append(b.listen, parseListen(n))
		}
	}
	var vhosts []*server
	for _, n := range tree {
		if n.Section && strings.EqualFold(n.Name, "VirtualHost") {
			vhosts = append(vhosts, &server{node: n, nodes: n.Children, pos: n.Pos, main: main})
		}
	}
	if len(vhosts) >= parallelVhosts {
		// The rules' index of Directives, final once the tree is read,
		// is built beside the model.
		var index sync.WaitGroup
		index.Go(cfg.BuildIndex)
		b.buildParallel(main, vhosts)
		index.Wait()
		return
	}
	for _, v := range vhosts {
		b.serverSettings(v, main)
	}
	// Pools first, so routes can refer to them.
	b.collectPools(main)
	for _, v := range vhosts {
		b.collectPools(v)
	}
	b.routes(main, main.nodes, nil)
	if main.site != nil {
		b.siteDetails(main)
	}
	for _, v := range vhosts {
		b.site(v)
		b.routes(v, v.nodes, nil)
	}
	b.upstreams()
}

func (b *builder) upstreams() {
	for _, name := range sortedKeys(b.pools) {
		b.cfg.Upstreams = append(b.cfg.Upstreams, b.pools[name]...)
	}
}

// buildParallel is build's serial order with each virtual host's
// settings, pools and routes built on every CPU. A host's pools are its
// own (pool is by server), merged in host order; its site's details and
// routes read the pools and the main server, which are complete by then,
// and write their own site; what they change in a pool they share with
// other hosts (UsedBy, lbmethod=) is applied afterwards in host order
// (poolUse). site's listeners stay serial: the first host on an address
// is its default.
func (b *builder) buildParallel(main *server, vhosts []*server) {
	kids := make([]*builder, len(vhosts))
	eachParallel(len(vhosts), func(i int) {
		v := vhosts[i]
		b.serverSettings(v, main)
		kb := &builder{cfg: b.cfg, l: b.l, host: true}
		kb.collectPools(v)
		kids[i] = kb
	})
	b.collectPools(main)
	for i, v := range vhosts {
		for _, up := range kids[i].hostPools {
			b.pools[up.Name] = append(b.pools[up.Name], up)
			b.poolScope[up] = v
			b.scopeNamed[scopedName{v, up.Name}] = up
		}
		if ups := kids[i].hostPools; ups != nil {
			b.scopePools[v] = ups
		}
	}
	b.routes(main, main.nodes, nil)
	if main.site != nil {
		b.siteDetails(main)
	}
	b.deferDetails = true
	for _, v := range vhosts {
		b.site(v)
	}
	b.deferDetails = false
	// cached before the hosts read them at once
	main.workerProxySets()
	main.last("ServerName")
	uses := make([][]poolUse, len(vhosts))
	eachParallel(len(vhosts), func(i int) {
		kb := &builder{cfg: b.cfg, l: b.l, pools: b.pools, poolScope: b.poolScope, scopePools: b.scopePools,
			scopeNamed: b.scopeNamed, listen: b.listen, uses: &uses[i]}
		kb.siteDetails(vhosts[i])
		kb.routes(vhosts[i], vhosts[i].nodes, nil)
	})
	for _, us := range uses {
		for _, u := range us {
			u.apply()
		}
	}
	b.upstreams()
}

// poolUse is what a route changes in the pool it passes to.
type poolUse struct {
	up    *lint.Upstream
	route *lint.Route
	// lbmethod is the route's lbmethod= parameter, if it has one.
	lbmethod    lint.Setting[string]
	hasLBMethod bool
}

func (u poolUse) apply() {
	u.up.UsedBy = append(u.up.UsedBy, u.route)
	if u.hasLBMethod && !u.up.Method.Set {
		u.up.Method = lint.Explicit(strings.ToLower(u.lbmethod.Value), u.lbmethod.Pos).By("lbmethod=")
	}
}

// eachParallel calls f(0)..f(n-1) on every CPU.
func eachParallel(n int, f func(int)) {
	var next atomic.Int64
	work := func() {
		for {
			i := int(next.Add(1)) - 1
			if i >= n {
				return
			}
			f(i)
		}
	}
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
}

func sortedKeys(m map[string][]*lint.Upstream) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// last returns the last directive named name directly in nodes.
func last(nodes []*Node, name string) *Node {
	var found *Node
	for _, n := range nodes {
		if !n.Section && strings.EqualFold(n.Name, name) {
			found = n
		}
	}
	return found
}

func onOff(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "on":
		return true, true
	case "off":
		return false, true
	}
	return false, false
}

func argPos(n *Node, i int) lint.Position {
	if i < len(n.ArgPos) {
		return n.ArgPos[i]
	}
	p := n.Pos
	p.EndLine = 0
	return p
}

func dirPos(n *Node) lint.Position {
	p := n.Pos
	if !n.Section {
		p.EndLine = 0
	}
	return p
}

// levelSetting reads the last valid name directive of this level, or
// inherits the outer level's value, or falls back to the default at the
// level's position: httpd's merge for single-value directives.
func levelSetting[T any](nodes []*Node, name string, outer lint.Setting[T], def T, at lint.Position, parse func(string) (T, bool)) lint.Setting[T] {
	if n := last(nodes, name); n != nil && len(n.Args) > 0 {
		if v, ok := parse(n.Args[0]); ok {
			return lint.Explicit(v, dirPos(n)).By(name)
		}
	}
	if outer.Set {
		return outer.InheritedAs()
	}
	return lint.Default(def, at).By(name)
}

// boolSetting is levelSetting for On/Off directives.
func boolSetting(nodes []*Node, name string, outer lint.Setting[bool], def bool, at lint.Position) lint.Setting[bool] {
	return levelSetting(nodes, name, outer, def, at, onOff)
}

func (b *builder) serverSettings(s *server, main *server) {
	var m server
	if main != nil {
		m = *main
	}
	at := s.pos
	s.timeout = levelSetting(s.nodes, "Timeout", m.timeout, defaultTimeout, at, parseTimeout)
	// ProxyTimeout defaults to Timeout (mod_proxy); keep its own name so
	// messages say which directive the value came from.
	s.proxyTimeout = levelSetting(s.nodes, "ProxyTimeout", m.proxyTimeout, 0, at, parseSeconds)
	s.sslProxyEngine = boolSetting(s.nodes, "SSLProxyEngine", m.sslProxyEngine, false, at)
	s.checkPeer = boolSetting(s.nodes, "SSLProxyCheckPeerName", m.checkPeer, true, at)
	s.preserveHost = boolSetting(s.nodes, "ProxyPreserveHost", m.preserveHost, false, at)
	s.keepAlive = boolSetting(s.nodes, "KeepAlive", m.keepAlive, true, at)
	s.keepAliveTimeout = levelSetting(s.nodes, "KeepAliveTimeout", m.keepAliveTimeout, defaultKeepAliveTimeout, at, parseTimeout)
	s.proxyVerify = lint.Default(false, at).By("SSLProxyVerify")
	if n := last(s.nodes, "SSLProxyVerify"); n != nil && len(n.Args) > 0 {
		s.proxyVerify = lint.Explicit(strings.EqualFold(n.Args[0], "require"), dirPos(n)).By("SSLProxyVerify")
	} else if m.proxyVerify.Set {
		s.proxyVerify = m.proxyVerify.InheritedAs()
	}
	s.caFile = lint.Default("", at).By("SSLProxyCACertificateFile")
	if n := last(s.nodes, "SSLProxyCACertificateFile"); n != nil && len(n.Args) > 0 {
		s.caFile = lint.Explicit(n.Args[0], dirPos(n)).By("SSLProxyCACertificateFile")
	} else if m.caFile.Set {
		s.caFile = m.caFile.InheritedAs()
	}
	for _, n := range s.nodes {
		if n.Section && (strings.EqualFold(n.Name, "Proxy") || strings.EqualFold(n.Name, "ProxyMatch")) {
			s.proxySections = append(s.proxySections, n)
		}
	}
	if main != nil {
		s.proxySections = append(s.proxySections, main.proxySections...)
		s.headers = append(s.headers, main.headers...)
	}
	s.headers = append(s.headers, headerLines(s.nodes)...)
}

// leadingNumber splits s into the decimal number it starts with (at most
// nine digits, as httpd's parsers accept) and the rest.
func leadingNumber(s string) (int, string, bool) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i > 9 {
		return 0, s, false
	}
	n, _ := strconv.Atoi(s[:i])
	return n, s[i:], true
}

// parseTimeout reads ap_timeout_parameter_parse syntax: a number with an
// optional unit ms, s, mi or hr (seconds when none).
func parseTimeout(s string) (time.Duration, bool) {
	n, unitText, ok := leadingNumber(s)
	if !ok {
		return 0, false
	}
	unit := time.Second
	switch strings.ToLower(unitText) {
	case "", "s":
	case "ms":
		unit = time.Millisecond
	case "mi":
		unit = time.Minute
	case "hr":
		unit = time.Hour
	default:
		return 0, false
	}
	return time.Duration(n) * unit, true
}

// parseSeconds reads the atoi() seconds of ProxyTimeout, timeout= and ttl=:
// whatever follows the number is ignored, as atoi ignores it.
func parseSeconds(s string) (time.Duration, bool) {
	n, _, ok := leadingNumber(s)
	return time.Duration(n) * time.Second, ok
}

func parseListen(n *Node) listenAddr {
	la := listenAddr{pos: argPos(n, 0)}
	addr := n.Args[0]
	if len(n.Args) > 1 {
		la.proto = strings.ToLower(n.Args[1])
	}
	host, port := splitHostPort(addr)
	if port == "" {
		port, host = host, ""
	}
	la.addr = host
	la.port, _ = strconv.Atoi(port)
	return la
}

// splitHostPort splits "host:port", "[v6]:port", "host"; the port is ""
// when absent.
func splitHostPort(s string) (host, port string) {
	if strings.HasPrefix(s, "[") {
		if i := strings.Index(s, "]"); i >= 0 {
			host = s[1:i]
			if rest := s[i+1:]; strings.HasPrefix(rest, ":") {
				port = rest[1:]
			}
			return host, port
		}
	}
	if i := strings.LastIndexByte(s, ':'); i >= 0 && !strings.Contains(s[:i], ":") {
		return s[:i], s[i+1:]
	}
	return s, ""
}

func (b *builder) site(v *server) {
	site := &lint.Site{Pos: v.pos}
	v.site = site
	tls := false
	if n := last(v.nodes, "SSLEngine"); n != nil && len(n.Args) > 0 {
		tls, _ = onOff(n.Args[0])
	}
	// Protocols (mod_http2) may be set in the vhost or inherited.
	protocols := last(v.nodes, "Protocols")
	if protocols == nil && v.main != nil {
		protocols = v.main.last("Protocols")
	}
	http2 := false
	if protocols != nil {
		for _, p := range protocols.Args {
			p = strings.ToLower(p)
			http2 = http2 || (p == "h2" && tls) || (p == "h2c" && !tls)
		}
	}
	for i, a := range v.node.Args {
		host, port := splitHostPort(a)
		l := lint.Listener{Pos: argPos(v.node, i), TLS: tls, HTTP2: http2}
		switch host {
		case "*", "_default_":
			l.Default = host == "_default_"
		default:
			l.Addr = host
		}
		if port == "" || port == "*" {
			// No port: the vhost answers on every Listen port.
			for _, la := range b.listen {
				c := l
				c.Port = la.port
				site.Listeners = append(site.Listeners, c)
			}
			if len(b.listen) > 0 {
				continue
			}
		} else {
			l.Port, _ = strconv.Atoi(port)
		}
		site.Listeners = append(site.Listeners, l)
	}
	// The first vhost for an address and port is its default.
	for i := range site.Listeners {
		l := &site.Listeners[i]
		key := l.Addr + ":" + strconv.Itoa(l.Port)
		if !b.seenDefault(key) {
			l.Default = true
		}
		site.Default = site.Default || l.Default
	}
	if !b.deferDetails {
		b.siteDetails(v)
	}
	b.cfg.Sites = append(b.cfg.Sites, site)
}

func (b *builder) seenDefault(key string) bool {
	if b.seen[key] {
		return true
	}
	b.seen[key] = true
	return false
}

func (b *builder) siteDetails(v *server) {
	site := v.site
	if n := last(v.nodes, "ServerName"); n != nil && len(n.Args) > 0 {
		site.Names = append(site.Names, lint.Name{Value: serverName(n.Args[0]), Pos: argPos(n, 0)})
	} else if v.main != nil && v.node != nil {
		// A vhost without ServerName takes the main server's.
		if n := v.main.last("ServerName"); n != nil && len(n.Args) > 0 {
			site.Names = append(site.Names, lint.Name{Value: serverName(n.Args[0]), Pos: argPos(n, 0)})
		}
	}
	for _, n := range v.nodes {
		if !n.Section && strings.EqualFold(n.Name, "ServerAlias") {
			args := n.Args
			if k := commentStart(n.Line); k >= 0 && k <= len(args) {
				// httpd takes a trailing comment's words as more aliases;
				// they name no host the author meant to serve.
				args = args[:k]
			}
			for i, a := range args {
				site.Names = append(site.Names, lint.Name{Value: strings.ToLower(a), Pos: argPos(n, i)})
			}
		}
	}
	if !v.keepAlive.Value {
		site.ClientKeepalive = lint.Setting[time.Duration]{Value: 0, Set: v.keepAlive.Set, Inherited: v.keepAlive.Inherited,
			Pos: v.keepAlive.Pos, Directive: "KeepAlive"}
	} else {
		site.ClientKeepalive = v.keepAliveTimeout
	}
	if n := last(v.nodes, "SSLCertificateFile"); n != nil && len(n.Args) > 0 {
		site.TLS.Certificate = lint.Explicit(n.Args[0], dirPos(n)).By("SSLCertificateFile")
	}
	if n := last(v.nodes, "SSLCertificateKeyFile"); n != nil && len(n.Args) > 0 {
		site.TLS.Key = lint.Explicit(n.Args[0], dirPos(n)).By("SSLCertificateKeyFile")
	}
	if n := last(v.nodes, "SSLVerifyClient"); n != nil && len(n.Args) > 0 {
		site.TLS.VerifyClient = lint.Explicit(strings.ToLower(n.Args[0]), dirPos(n)).By("SSLVerifyClient")
	}
	docroot := ""
	if n := last(v.nodes, "DocumentRoot"); n != nil && len(n.Args) > 0 {
		docroot = strings.TrimSuffix(n.Args[0], "/")
	}
	for _, n := range v.nodes {
		if n.Section && (isSiteWide(n) || isDocRoot(n, docroot)) {
			site.Access = append(site.Access, access(n.Children)...)
		}
	}
}

// isDocRoot reports a <Directory> section for the site's DocumentRoot:
// its access rules cover every file the site serves.
func isDocRoot(n *Node, docroot string) bool {
	return docroot != "" && strings.EqualFold(n.Name, "Directory") && len(n.Args) == 1 &&
		strings.TrimSuffix(n.Args[0], "/") == docroot
}

// isSiteWide reports whether a section covers every request of the site:
// <Location "/"> and <Proxy "*"> (and the DocumentRoot's <Directory>, see
// isDocRoot).
func isSiteWide(n *Node) bool {
	if len(n.Args) != 1 {
		return false
	}
	switch lowerName(n.Name) {
	case "location":
		return n.Args[0] == "/"
	case "proxy":
		return n.Args[0] == "*"
	}
	return false
}

func serverName(s string) string {
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	host, _ := splitHostPort(s)
	return strings.ToLower(host)
}

// access reads Require ip / Require not ip / Require all and the 2.2-style
// Allow from / Deny from of one level.
func access(nodes []*Node) []lint.AccessRule {
	var out []lint.AccessRule
	for _, n := range nodes {
		if n.Section {
			if k := lowerName(n.Name); k == "requireall" || k == "requireany" || k == "requirenone" {
				out = append(out, access(n.Children)...)
			}
			continue
		}
		args := n.Args
		switch lowerName(n.Name) {
		case "require":
			allow := true
			if len(args) > 0 && strings.EqualFold(args[0], "not") {
				allow, args = false, args[1:]
			}
			if len(args) == 0 {
				continue
			}
			switch strings.ToLower(args[0]) {
			case "ip":
				for i, a := range args[1:] {
					out = append(out, lint.AccessRule{Allow: allow, CIDR: a, Pos: argPos(n, i+1+len(n.Args)-len(args))})
				}
			case "all":
				if len(args) > 1 {
					out = append(out, lint.AccessRule{Allow: strings.EqualFold(args[1], "granted") == allow, CIDR: "all", Pos: dirPos(n)})
				}
			}
		case "allow", "deny":
			if len(args) > 1 && strings.EqualFold(args[0], "from") {
				for i, a := range args[1:] {
					out = append(out, lint.AccessRule{Allow: strings.EqualFold(n.Name, "allow"), CIDR: strings.ToLower(a), Pos: argPos(n, i+1)})
				}
			}
		}
	}
	return out
}

// collectPools finds the balancers a server defines: <Proxy balancer://x>
// with BalancerMember and ProxySet, and BalancerMember/ProxySet naming the
// balancer as their first argument.
func (b *builder) collectPools(s *server) {
	var walk func(nodes []*Node, proxy *Node)
	walk = func(nodes []*Node, proxy *Node) {
		for _, n := range nodes {
			if n.Section {
				if strings.EqualFold(n.Name, "VirtualHost") {
					continue
				}
				if strings.EqualFold(n.Name, "Proxy") && len(n.Args) > 0 && isBalancer(n.Args[0]) {
					up := b.pool(s, balancerName(n.Args[0]), n)
					if up.Pos.Line == 0 || up.Pos == (lint.Position{}) {
						up.Pos = n.Pos
					}
					walk(n.Children, n)
					continue
				}
				walk(n.Children, proxy)
				continue
			}
			switch lowerName(n.Name) {
			case "balancermember":
				args, off := n.Args, 0
				var name string
				if len(args) > 1 && isBalancer(args[0]) {
					name, args, off = balancerName(args[0]), args[1:], 1
				} else if proxy != nil {
					name = balancerName(proxy.Args[0])
				} else {
					continue
				}
				if len(args) == 0 {
					continue
				}
				up := b.pool(s, name, n)
				up.Endpoints = append(up.Endpoints, b.endpoint(s, n, args, off))
			case "proxyset":
				args, off := n.Args, 0
				var name string
				if len(args) > 0 && isBalancer(args[0]) {
					name, args, off = balancerName(args[0]), args[1:], 1
				} else if proxy != nil {
					name = balancerName(proxy.Args[0])
				} else {
					continue
				}
				up := b.pool(s, name, n)
				for i, a := range args {
					if k, v, ok := strings.Cut(a, "="); ok {
						up.Params[strings.ToLower(k)] = lint.Explicit(v, argPos(n, i+off)).By(k + "=")
					}
				}
			}
		}
	}
	walk(s.nodes, nil)
	pools := b.scopePools[s]
	if b.host {
		pools = b.hostPools
	}
	for _, up := range pools {
		finishPool(up)
	}
}

// scopedName is a balancer name within the server that defines it.
type scopedName struct {
	s    *server
	name string
}

func isBalancer(s string) bool { return strings.HasPrefix(strings.ToLower(s), "balancer://") }

func balancerName(s string) string {
	s = s[len("balancer://"):]
	if i := strings.IndexByte(s, '/'); i >= 0 {
		s = s[:i]
	}
	return strings.ToLower(s)
}

// pool returns the balancer name defined in server s, creating it.
func (b *builder) pool(s *server, name string, at *Node) *lint.Upstream {
	if b.host {
		// a virtual host's own builder (buildParallel): its few pools are
		// scanned, and buildParallel files them in the maps
		for _, up := range b.hostPools {
			if up.Name == name {
				return up
			}
		}
		up := &lint.Upstream{Name: name, Pos: dirPos(at), Kind: "balancer", Params: map[string]lint.Setting[string]{}}
		b.hostPools = append(b.hostPools, up)
		return up
	}
	if up := b.scopeNamed[scopedName{s, name}]; up != nil {
		return up
	}
	up := &lint.Upstream{Name: name, Pos: dirPos(at), Kind: "balancer", Params: map[string]lint.Setting[string]{}}
	b.pools[name] = append(b.pools[name], up)
	b.poolScope[up] = s
	b.scopePools[s] = append(b.scopePools[s], up)
	b.scopeNamed[scopedName{s, name}] = up
	return up
}

func finishPool(up *lint.Upstream) {
	at := up.Pos
	up.Method = lint.Default("byrequests", at).By("lbmethod=")
	if p, ok := up.Params["lbmethod"]; ok {
		up.Method = lint.Explicit(strings.ToLower(p.Value), p.Pos).By("lbmethod=")
	}
	hc := lint.HealthCheck{
		Active:   lint.Default(false, at).By("hcmethod="),
		Method:   lint.Default("None", at).By("hcmethod="),
		URI:      lint.Default("", at).By("hcuri="),
		Interval: lint.Default(defaultHCInterval, at).By("hcinterval="),
		Fails:    lint.Default(1, at).By("hcfails="),
		Passes:   lint.Default(1, at).By("hcpasses="),
	}
	for _, e := range up.Endpoints {
		if p, ok := e.Params["hcmethod"]; ok && !hc.Method.Set {
			hc.Method = lint.Explicit(p.Value, p.Pos).By("hcmethod=")
			hc.Active = lint.Explicit(!strings.EqualFold(p.Value, "none"), p.Pos).By("hcmethod=")
		}
		if p, ok := e.Params["hcuri"]; ok && !hc.URI.Set {
			hc.URI = lint.Explicit(p.Value, p.Pos).By("hcuri=")
		}
		if p, ok := e.Params["hcinterval"]; ok && !hc.Interval.Set {
			if d, ok := parseTimeout(p.Value); ok {
				hc.Interval = lint.Explicit(d, p.Pos).By("hcinterval=")
			}
		}
		if p, ok := e.Params["hcfails"]; ok && !hc.Fails.Set {
			if n, err := strconv.Atoi(p.Value); err == nil {
				hc.Fails = lint.Explicit(n, p.Pos).By("hcfails=")
			}
		}
		if p, ok := e.Params["hcpasses"]; ok && !hc.Passes.Set {
			if n, err := strconv.Atoi(p.Value); err == nil {
				hc.Passes = lint.Explicit(n, p.Pos).By("hcpasses=")
			}
		}
	}
	up.HealthCheck = hc
}

// params reads key=value worker parameters.
func params(n *Node, args []string, off int) map[string]lint.Setting[string] {
	out := map[string]lint.Setting[string]{}
	for i, a := range args {
		if k, v, ok := strings.Cut(a, "="); ok && k != "" {
			out[strings.ToLower(k)] = lint.Explicit(v, argPos(n, i+off)).By(k + "=")
		}
	}
	return out
}

func (b *builder) endpoint(s *server, n *Node, args []string, off int) *lint.Endpoint {
	t := parseTarget(args[0])
	e := &lint.Endpoint{Pos: argPos(n, off), Raw: args[0], Scheme: t.Scheme, Host: t.Host, Port: t.Port,
		PortSet: t.PortSet, UnixPath: t.UnixPath, Params: params(n, args[1:], off+1)}
	at := dirPos(n)
	e.Weight = lint.Default(1, at).By("loadfactor=")
	if p, ok := e.Params["loadfactor"]; ok {
		if v, err := strconv.Atoi(p.Value); err == nil {
			e.Weight = lint.Explicit(v, p.Pos).By("loadfactor=")
		}
	}
	e.Backup = lint.Default(false, at).By("status=")
	e.Down = lint.Default(false, at).By("status=")
	if p, ok := e.Params["status"]; ok {
		st := strings.ToUpper(p.Value)
		if strings.Contains(st, "H") {
			e.Backup = lint.Explicit(!strings.Contains(st, "-H"), p.Pos).By("status=")
		}
		if strings.ContainsAny(strings.ReplaceAll(strings.ReplaceAll(st, "-D", ""), "-S", ""), "DS") {
			e.Down = lint.Explicit(true, p.Pos).By("status=")
		}
	}
	e.FailTimeout = lint.Default(defaultRetry, at).By("retry=")
	if p, ok := e.Params["retry"]; ok {
		if d, ok := parseSeconds(p.Value); ok {
			e.FailTimeout = lint.Explicit(d, p.Pos).By("retry=")
		}
	}
	e.Timeouts = workerTimeouts(s, e.Params, at)
	return e
}

// workerTimeouts applies httpd's chain: timeout= else ProxyTimeout else
// Timeout (60s); connectiontimeout= else the same; ttl= for idle pooled
// connections. Server-level values a vhost took from the main server are
// already marked Inherited.
func workerTimeouts(s *server, ps map[string]lint.Setting[string], at lint.Position) lint.Timeouts {
	base := s.proxyTimeout
	if !base.Set {
		base = s.timeout
	}
	if !base.Set {
		base = lint.Default(defaultTimeout, at).By("Timeout")
	}
	read := base
	if p, ok := ps["timeout"]; ok {
		if d, ok := parseSeconds(p.Value); ok {
			read = lint.Explicit(d, p.Pos).By("timeout=")
		}
	}
	connect := read
	if p, ok := ps["connectiontimeout"]; ok {
		if d, ok := parseTimeout(p.Value); ok {
			connect = lint.Explicit(d, p.Pos).By("connectiontimeout=")
		}
	}
	t := lint.Timeouts{Connect: connect, Send: read, Read: read, Idle: lint.Default(time.Duration(0), at).By("ttl=")}
	if p, ok := ps["ttl"]; ok {
		if d, ok := parseSeconds(p.Value); ok {
			t.Idle = lint.Explicit(d, p.Pos).By("ttl=")
		}
	}
	return t
}

var defaultPorts = map[string]int{
	"http": 80, "https": 443, "ws": 80, "wss": 443, "h2c": 80, "h2": 443, "ajp": 8009,
	"fcgi": 8000, "scgi": 4000, "uwsgi": 3031, "ftp": 21,
}

// parseTarget reads a worker URL: scheme://host[:port][/path],
// unix:/path|scheme://host/path, balancer://name/path.
func parseTarget(raw string) lint.Target {
	t := lint.Target{Raw: raw}
	s := raw
	if strings.HasPrefix(strings.ToLower(s), "unix:") {
		sock, rest, _ := strings.Cut(s[len("unix:"):], "|")
		t.UnixPath = sock
		s = rest
		if s == "" {
			t.Scheme = "unix"
			return t
		}
	}
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		t.Path = s
		t.Variables = strings.ContainsAny(s, "$%")
		return t
	}
	t.Scheme = strings.ToLower(scheme)
	hostport, path := rest, ""
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		hostport, path = rest[:i], rest[i:]
	}
	t.Path = path
	t.Variables = strings.ContainsAny(hostport, "$%")
	host, port := splitHostPort(hostport)
	t.Host = strings.ToLower(host)
	if port != "" {
		t.PortSet = true
		if p, err := strconv.Atoi(port); err == nil {
			t.Port = p
		} else {
			t.Port = -1
		}
	} else if t.UnixPath == "" {
		t.Port = defaultPorts[t.Scheme]
	}
	return t
}

func protocol(scheme string) lint.Protocol {
	switch scheme {
	case "http", "https", "ws", "wss", "h2", "h2c":
		return lint.ProtoHTTP
	case "fcgi":
		return lint.ProtoFastCGI
	case "scgi":
		return lint.ProtoSCGI
	case "uwsgi":
		return lint.ProtoUWSGI
	}
	return lint.ProtoOther
}

func isIP(host string) bool { return net.ParseIP(host) != nil }
