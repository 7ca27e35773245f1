package nginx

import (
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// scope is one block level of the http configuration, with the
// directives written directly in it (includes spliced in).
type scope struct {
	parent *scope
	kind   string // main, http, server, location, if, limit_except, upstream
	stmt   *Stmt
	pos    lint.Position
	// byName indexes list by directive name once the level holds more
	// than smallScope statements; smaller levels (most locations) are
	// scanned (direct).
	byName map[string][]*Stmt
	site   *lint.Site
	match  string
	list   []*Stmt // the level's statements in order, includes spliced
}

type builder struct {
	cfg     *lint.Config
	version lint.Version
	// v1297: the 1.29.7 defaults apply (proxy_http_version 1.1, keepalive 32).
	v1297     bool
	errs      *[]lint.LoadError
	upstreams map[string]*lint.Upstream // lower-case name
	routes    []*pendingRoute
	health    []healthCheck
	// parallel defers the server{} blocks of http{} to servers, built on
	// every CPU once the http levels are walked (buildServers).
	parallel bool
	servers  []*serverJob
}

// serverJob is one server{} block built apart, by a worker whose builder
// keeps the errors, routes and health checks of all its blocks: the
// block's are the ranges from..to of the worker's lists. The lengths of
// the http level's lists when the block was met (at) are where the serial
// walk would have put them.
type serverJob struct {
	s                          *Stmt
	http                       *scope
	site                       *lint.Site
	w                          *builder
	errsAt, routesAt, healthAt int
	errs, routes, health       [2]int // from, to in w's lists
}

// parallelBytes is the configuration size from which build uses more than
// one goroutine: below it (typical repositories) starting them costs more
// than the walk.
var parallelBytes = 256 << 10

type healthCheck struct {
	stmt *Stmt
	sc   *scope
}

type pendingRoute struct {
	route *lint.Route
	sc    *scope
}

// expand returns stmts with each include replaced by the top-level
// statements of the files it read, recursively (nginx splices included
// files into the block of the include directive).
func expand(stmts []*Stmt) []*Stmt {
	has := false
	for _, s := range stmts {
		if s.Name == "include" && len(s.Includes) > 0 {
			has = true
			break
		}
	}
	if !has {
		return stmts
	}
	out := make([]*Stmt, 0, len(stmts))
	var add func([]*Stmt, int)
	add = func(ss []*Stmt, depth int) {
		for _, s := range ss {
			if s.Name == "include" && len(s.Includes) > 0 {
				out = append(out, s)
				if depth < 200 {
					for _, f := range s.Includes {
						add(f.Stmts, depth+1)
					}
				}
				continue
			}
			out = append(out, s)
		}
	}
	add(stmts, 0)
	return out
}

func newScope(parent *scope, kind string, s *Stmt, pos lint.Position) *scope {
	sc := &scope{parent: parent, kind: kind, stmt: s, pos: pos}
	if parent != nil {
		sc.site = parent.site
		sc.match = parent.match
	}
	if s != nil {
		sc.add(expand(s.Children))
	}
	return sc
}

func build(t *Tree, opts input.Options, errs *[]lint.LoadError) *lint.Config {
	ver, assumed := opts.NginxVersion, false
	if ver.IsZero() {
		ver, assumed = DefaultVersion, true
	}
	edition := opts.NginxEdition
	if edition == "" {
		edition = "oss"
	}
	cfg := &lint.Config{
		Source:   lint.Nginx,
		Root:     t.Entry.Display,
		Fragment: t.Context != "main",
		Product:  lint.Product{Name: "nginx", Version: ver, VersionAssumed: assumed, Edition: edition},
	}
	cfg.Text = make(map[string][]byte, len(t.Files))
	size := 0
	for _, f := range t.Files {
		cfg.Files = append(cfg.Files, f.Display)
		cfg.Text[f.Display] = f.data
		size += len(f.data)
	}
	parallel := size >= parallelBytes
	// The statement tree, the directive list (and the rules' index of it)
	// and the comments read the parsed files only: on a large tree they
	// are built beside the walk.
	var side sync.WaitGroup
	sideTask := func(f func()) {
		if !parallel {
			f()
			return
		}
		side.Add(1)
		go func() {
			defer side.Done()
			f()
		}()
	}
	sideTask(func() { cfg.Tree = blocks(t) })
	sideTask(func() {
		cfg.Directives = directives(t)
		if parallel {
			cfg.BuildIndex()
		}
	})
	sideTask(func() { cfg.Comments = comments(t) })
	for _, s := range expand(t.Entry.Stmts) {
		if s.Name == "load_module" && len(s.Args) == 1 {
			if cfg.Product.Modules == nil {
				cfg.Product.Modules = map[string]bool{}
			}
			name := strings.TrimSuffix(filepath.Base(s.Args[0]), ".so")
			cfg.Product.Modules[strings.ToLower(name)] = true
		}
	}
	b := &builder{cfg: cfg, version: ver, v1297: ver.AtLeast("1.29.7"), errs: errs, upstreams: map[string]*lint.Upstream{}, parallel: parallel}

	filePos := t.Entry.at.Span(1, 1, t.Entry.Lines) // interned already
	root := newScope(nil, "main", nil, filePos)
	switch t.Context {
	case "main":
		root.add(expand(t.Entry.Stmts))
		b.walk(root, t.Entry.Stmts)
	case "http":
		root.add(expand(t.Entry.Stmts))
		root.kind = "http"
		b.walk(root, t.Entry.Stmts)
	case "server", "location":
		// A server-level snippet: the enclosing server is unknown, so a
		// site without names or listeners stands for it.
		root.kind = "http"
		site := &lint.Site{Pos: filePos}
		srv := newScope(root, "server", nil, filePos)
		srv.site = site
		cur := srv
		if t.Context == "location" {
			cur = newScope(srv, "location", nil, filePos)
		}
		cur.add(expand(t.Entry.Stmts))
		b.fillSite(site, srv)
		b.walk(cur, t.Entry.Stmts)
		// Keep the stand-in only when the snippet says something about a
		// site: names, listeners or routes.
		if len(site.Names) > 0 || len(site.Listeners) > 0 || len(site.Routes) > 0 {
			cfg.Sites = append([]*lint.Site{site}, cfg.Sites...)
		}
	}
	b.buildServers()
	b.link()
	b.defaultServers()
	side.Wait()
	return cfg
}

// buildServers builds the deferred server{} blocks on every CPU and joins
// their errors, routes and health checks into the builder's lists where
// the serial walk would have appended them. A block reads the scopes
// around it, which are complete before any block is built, and writes
// only its own site and lists: upstream{} and server{} stand at the http
// level, which blocks never walk.
func (b *builder) buildServers() {
	jobs := b.servers
	if len(jobs) == 0 {
		return
	}
	var next atomic.Int64
	work := func() {
		var errs []lint.LoadError
		w := &builder{cfg: b.cfg, version: b.version, v1297: b.v1297, errs: &errs, upstreams: b.upstreams}
		for {
			i := int(next.Add(1)) - 1
			if i >= len(jobs) {
				return
			}
			j := jobs[i]
			j.w = w
			j.errs[0], j.routes[0], j.health[0] = len(*w.errs), len(w.routes), len(w.health)
			w.server(j.http, j.s, j.site)
			j.errs[1], j.routes[1], j.health[1] = len(*w.errs), len(w.routes), len(w.health)
		}
	}
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) - 1 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work()
		}()
	}
	work()
	wg.Wait()

	errs, nerrs := *b.errs, 0
	nroutes, nhealth := len(b.routes), len(b.health)
	for _, j := range jobs {
		nerrs += j.errs[1] - j.errs[0]
		nroutes += j.routes[1] - j.routes[0]
		nhealth += j.health[1] - j.health[0]
	}
	var (
		allErrs   = make([]lint.LoadError, 0, len(errs)+nerrs)
		allRoutes = make([]*pendingRoute, 0, nroutes)
		allHealth []healthCheck
	)
	if nhealth > 0 {
		allHealth = make([]healthCheck, 0, nhealth)
	}
	e, r, h := 0, 0, 0
	for _, j := range jobs {
		allErrs = append(append(allErrs, errs[e:j.errsAt]...), (*j.w.errs)[j.errs[0]:j.errs[1]]...)
		allRoutes = append(append(allRoutes, b.routes[r:j.routesAt]...), j.w.routes[j.routes[0]:j.routes[1]]...)
		allHealth = append(append(allHealth, b.health[h:j.healthAt]...), j.w.health[j.health[0]:j.health[1]]...)
		e, r, h = j.errsAt, j.routesAt, j.healthAt
	}
	*b.errs = append(allErrs, errs[e:]...)
	b.routes = append(allRoutes, b.routes[r:]...)
	b.health = append(allHealth, b.health[h:]...)
	b.servers = nil
}

// server builds one server{} block of the http level sc into site.
func (b *builder) server(sc *scope, s *Stmt, site *lint.Site) {
	srv := newScope(sc, "server", s, s.Pos())
	srv.site = site
	b.fillSite(site, srv)
	b.walk(srv, s.Children)
}

func (b *builder) errorf(pos lint.Position, format string, args ...any) {
	*b.errs = append(*b.errs, lint.Errorf(pos, format, args...))
}

var passProtocols = map[string]lint.Protocol{
	"proxy_pass": lint.ProtoHTTP, "fastcgi_pass": lint.ProtoFastCGI, "uwsgi_pass": lint.ProtoUWSGI,
	"scgi_pass": lint.ProtoSCGI, "grpc_pass": lint.ProtoGRPC, "memcached_pass": lint.ProtoOther,
}

// singleValued are directives the model does not read that nginx -t
// refuses to see twice in one block ("is duplicate"), a common slip when
// an included snippet sets what the block already set
// (client_max_body_size in the location and in proxy_params.conf).
// Checked on nginx 1.22; directives whose values add up (add_header,
// proxy_hide_header, index, access_log) are not among them.
var singleValued = []string{
	"client_max_body_size", "client_body_timeout", "client_body_buffer_size", "send_timeout",
	"lingering_timeout", "resolver_timeout", "root", "charset", "default_type", "expires",
	"sendfile", "tcp_nopush", "tcp_nodelay", "server_tokens",
	"gzip", "gzip_comp_level", "gzip_min_length", "gzip_vary",
	"proxy_intercept_errors", "proxy_max_temp_file_size", "proxy_pass_request_headers",
	"proxy_ignore_client_abort", "proxy_socket_keepalive",
}

func (b *builder) walk(sc *scope, stmts []*Stmt) {
	// Statements of included files are the block's own (expand), so a
	// second writing through an include is a duplicate as nginx -t says.
	for _, name := range singleValued {
		b.duplicate(sc, name)
	}
	for _, s := range expand(stmts) {
		switch s.Name {
		case "http":
			if sc.kind == "main" && s.Block {
				b.walk(newScope(sc, "http", s, s.Pos()), s.Children)
			}
		case "server":
			if sc.kind == "http" && s.Block {
				site := &lint.Site{Pos: s.Pos()}
				b.cfg.Sites = append(b.cfg.Sites, site)
				if b.parallel {
					b.servers = append(b.servers, &serverJob{s: s, http: sc, site: site,
						errsAt: len(*b.errs), routesAt: len(b.routes), healthAt: len(b.health)})
					continue
				}
				b.server(sc, s, site)
			}
		case "location":
			if (sc.kind == "server" || sc.kind == "location") && s.Block {
				if sc.kind == "location" && sc.stmt != nil && !b.nestedLocationOK(sc.stmt, s) {
					continue
				}
				loc := newScope(sc, "location", s, s.Pos())
				loc.match = strings.Join(s.Args, " ")
				b.walk(loc, s.Children)
			}
		case "if", "limit_except":
			if (sc.kind == "server" || sc.kind == "location" || sc.kind == "if") && s.Block {
				b.walk(newScope(sc, s.Name, s, s.Pos()), s.Children)
			}
		case "upstream":
			if sc.kind == "http" && s.Block && len(s.Args) == 1 {
				b.upstream(sc, s)
			}
		case "health_check":
			if sc.kind == "location" || sc.kind == "if" || sc.kind == "limit_except" {
				b.health = append(b.health, healthCheck{s, sc})
			}
		default:
			if proto, ok := passProtocols[s.Name]; ok && !s.Block && len(s.Args) >= 1 {
				if passAllowed(sc) {
					b.route(sc, s, proto)
				} else if sc.kind == "server" || sc.kind == "if" || sc.kind == "http" {
					// nginx -t: *_pass takes location, if in location and
					// limit_except only.
					b.errorf(s.errPos(), "%q directive is not allowed here", s.Name)
				}
			}
		}
	}
}

// lookup finds the innermost writing of name from sc outwards (the first
// at that level: nginx refuses a second one, see duplicate).
func lookup(sc *scope, name string) (*Stmt, *scope) {
	for c := sc; c != nil; c = c.parent {
		if s := c.first(name); s != nil {
			return s, c
		}
	}
	return nil, nil
}

// repeatable directives may be written more than once in a block: arrays
// (ssl_certificate for RSA and ECDSA) and bitmasks (*_next_upstream, whose
// values add up).
func repeatable(name string) bool {
	return strings.HasSuffix(name, "_next_upstream") || name == "ssl_certificate" || name == "ssl_certificate_key"
}

// duplicate reports nginx's "is duplicate" for a second writing of a
// single-valued directive in one block.
func (b *builder) duplicate(at *scope, name string) {
	if ss := at.direct(name); len(ss) > 1 && !repeatable(name) {
		b.errorf(ss[1].errPos(), "%q directive is duplicate", name)
	}
}

// lookupArray finds the statements of an array directive group (e.g.
// proxy_set_header, allow+deny) at the innermost level that writes any of
// them: nginx inherits such arrays only into levels that write none.
func lookupArray(sc *scope, names ...string) ([]*Stmt, *scope) {
	for c := sc; c != nil; c = c.parent {
		found := false
		for _, n := range names {
			if c.first(n) != nil {
				found = true
				break
			}
		}
		if !found {
			continue
		}
		if len(names) == 1 {
			return c.direct(names[0]), c
		}
		var out []*Stmt
		for _, s := range c.children() {
			for _, n := range names {
				if s.Name == n {
					out = append(out, s)
				}
			}
		}
		return out, c
	}
	return nil, nil
}

// add records statements written directly in the level.
func (sc *scope) add(stmts []*Stmt) {
	if sc.list == nil {
		// The first statements are the list as they stand (the list is
		// only read, and cap-limited so a later add copies).
		sc.list = stmts[:len(stmts):len(stmts)]
	} else {
		sc.list = append(sc.list, stmts...)
	}
	if sc.byName == nil && len(sc.list) <= smallScope {
		return
	}
	if sc.byName == nil {
		sc.byName = map[string][]*Stmt{}
		stmts = sc.list
	}
	for _, c := range stmts {
		sc.byName[c.Name] = append(sc.byName[c.Name], c)
	}
}

// smallScope is the size up to which a level is scanned rather than
// indexed: building a map for each of thousands of small locations cost
// more than the lookups it saved.
const smallScope = 16

// first is the first statement named name written directly in the
// level, or nil.
func (sc *scope) first(name string) *Stmt {
	if sc.byName != nil {
		if ss := sc.byName[name]; len(ss) > 0 {
			return ss[0]
		}
		return nil
	}
	for _, c := range sc.list {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// direct returns the statements named name written directly in the
// level (includes spliced in), in order. Callers only read them.
func (sc *scope) direct(name string) []*Stmt {
	if sc.byName != nil {
		return sc.byName[name]
	}
	first := -1
	for i, c := range sc.list {
		if c.Name != name {
			continue
		}
		if first >= 0 {
			var out []*Stmt
			for _, c := range sc.list[first:] {
				if c.Name == name {
					out = append(out, c)
				}
			}
			return out
		}
		first = i
	}
	if first < 0 {
		return nil
	}
	return sc.list[first : first+1 : first+1]
}

// children are the statements of the level in order.
func (sc *scope) children() []*Stmt { return sc.list }

// setting builds a Setting from the effective directive name at sc, or the
// default positioned at the block sc (which lacks it).
func setting[T any](b *builder, sc *scope, name string, def T, parse func(*Stmt) (T, bool)) lint.Setting[T] {
	s, at := lookup(sc, name)
	if s == nil {
		return lint.Default(def, sc.pos).By(name)
	}
	b.duplicate(at, name)
	v, ok := parse(s)
	if !ok {
		b.errorf(s.errPos(), "%q directive invalid value", name)
		return lint.Default(def, sc.pos).By(name)
	}
	out := lint.Explicit(v, s.Pos()).By(name)
	if at != sc {
		out = out.InheritedAs()
	}
	return out
}

func argTime(s *Stmt) (time.Duration, bool) {
	if len(s.Args) < 1 {
		return 0, false
	}
	return parseTime(s.Args[0])
}

func argSize(s *Stmt) (lint.Size, bool) {
	if len(s.Args) != 1 {
		return 0, false
	}
	return parseSize(s.Args[0])
}

func argFlag(s *Stmt) (bool, bool) {
	if len(s.Args) != 1 {
		return false, false
	}
	return parseFlag(s.Args[0])
}

func argInt(s *Stmt) (int, bool) {
	if len(s.Args) != 1 {
		return 0, false
	}
	return parseInt(s.Args[0])
}

func argString(s *Stmt) (string, bool) {
	if len(s.Args) < 1 {
		return "", false
	}
	return s.Args[0], true
}

func argJoin(s *Stmt) (string, bool) {
	return strings.Join(s.Args, " "), len(s.Args) > 0
}

// argList shares the statement's arguments: the model is read-only.
func argList(s *Stmt) ([]string, bool) {
	return s.Args, len(s.Args) > 0
}

// defaultNextUpstream is shared by every route's default (read-only).
var defaultNextUpstream = []string{"error", "timeout"}

func (b *builder) fillSite(site *lint.Site, sc *scope) {
	for _, s := range sc.direct("server_name") {
		for i, a := range s.Args {
			site.Names = append(site.Names, lint.Name{Value: a, Pos: s.ArgPos[i]})
		}
	}
	http2, _ := lookup(sc, "http2")
	for _, s := range sc.direct("listen") {
		if len(s.Args) == 0 {
			continue
		}
		l := parseListen(s)
		if http2 != nil && len(http2.Args) == 1 && http2.Args[0] == "on" {
			l.HTTP2 = true
		}
		site.Listeners = append(site.Listeners, l)
	}
	if sc.stmt != nil && len(sc.direct("listen")) == 0 {
		// nginx listens on *:80 (*:8000 when not started as root).
		site.Listeners = append(site.Listeners, lint.Listener{Port: 80, Pos: sc.pos})
	}
	if ssl, _ := lookup(sc, "ssl"); ssl != nil && len(ssl.Args) == 1 && ssl.Args[0] == "on" {
		for i := range site.Listeners {
			if site.Listeners[i].Unix == "" {
				site.Listeners[i].TLS = true
			}
		}
	}
	for _, l := range site.Listeners {
		if l.Default {
			site.Default = true
		}
	}
	site.Access = b.access(sc)
	site.ClientKeepalive = setting(b, sc, "keepalive_timeout", 75*time.Second, argTime)
	site.TLS.Certificate = setting(b, sc, "ssl_certificate", "", argString)
	site.TLS.Key = setting(b, sc, "ssl_certificate_key", "", argString)
	site.TLS.VerifyClient = setting(b, sc, "ssl_verify_client", "off", argString)
}

func parseListen(s *Stmt) lint.Listener {
	l := lint.Listener{Pos: s.Pos()}
	a := s.Args[0]
	switch {
	case strings.HasPrefix(a, "unix:"):
		l.Unix = a[len("unix:"):]
	case isDigits(a):
		l.Port, _ = parseInt(a)
	default:
		addr := parseAddress(a)
		l.Addr = addr.host
		l.Port = 80
		if addr.portSet {
			l.Port = addr.port
		}
		if l.Addr == "*" || l.Addr == "0.0.0.0" {
			// all IPv4 addresses, whichever way it is written
			l.Addr = ""
		}
	}
	for _, p := range s.Args[1:] {
		switch p {
		case "ssl", "quic":
			l.TLS = true
		case "http2":
			l.HTTP2 = true
		case "default_server", "default":
			l.Default = true
		}
	}
	return l
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func (b *builder) access(sc *scope) []lint.AccessRule {
	ss, _ := lookupArray(sc, "allow", "deny")
	var out []lint.AccessRule
	for _, s := range ss {
		if len(s.Args) != 1 {
			continue
		}
		out = append(out, lint.AccessRule{Allow: s.Name == "allow", CIDR: s.Args[0], Pos: s.Pos()})
	}
	return out
}

// prefixes of the directive families per protocol.
var protoPrefix = map[lint.Protocol]string{
	lint.ProtoHTTP: "proxy", lint.ProtoFastCGI: "fastcgi", lint.ProtoUWSGI: "uwsgi",
	lint.ProtoSCGI: "scgi", lint.ProtoGRPC: "grpc", lint.ProtoOther: "memcached",
}

// routeSuffixes are the directive names route looks up after the
// protocol's prefix (proxy, fastcgi...).
var routeSuffixes = []string{"_buffer_size", "_buffering", "_buffers", "_busy_buffers_size", "_connect_timeout", "_next_upstream", "_next_upstream_timeout", "_next_upstream_tries", "_read_timeout", "_request_buffering", "_send_timeout", "_set_header", "_ssl_name", "_ssl_server_name", "_ssl_trusted_certificate", "_ssl_verify", "_temp_file_write_size"}

// routeNames holds prefix+suffix for every prefix and suffix, so building
// a route's settings concatenates no strings.
var routeNames = map[string]map[string]string{}

func init() {
	for _, p := range protoPrefix {
		names := map[string]string{}
		for _, s := range routeSuffixes {
			names[s] = p + s
		}
		routeNames[p] = names
	}
}

// dn is the directive name p+suffix.
func dn(p, suffix string) string {
	if n, ok := routeNames[p][suffix]; ok {
		return n
	}
	return p + suffix
}

func (b *builder) route(sc *scope, pass *Stmt, proto lint.Protocol) {
	p := protoPrefix[proto]
	r := &lint.Route{
		Pos:      sc.pos,
		Site:     sc.site,
		Match:    sc.match,
		Protocol: proto,
	}
	r.Target = parseTarget(pass.Args[0])
	r.Target.Pos = pass.Pos()
	r.Target.Directive = pass.Name
	if r.Target.Scheme == "" && r.Target.UnixPath == "" {
		// fastcgi_pass, uwsgi_pass, scgi_pass, grpc_pass and memcached_pass
		// take a bare address; its port has no scheme default.
		r.Target.Port = 0
		if a := parseAddress(pass.Args[0]); a.portSet {
			r.Target.Port = a.port
		}
	}
	def60 := 60 * time.Second
	r.Timeouts.Connect = setting(b, sc, dn(p, "_connect_timeout"), def60, argTime)
	r.Timeouts.Send = setting(b, sc, dn(p, "_send_timeout"), def60, argTime)
	r.Timeouts.Read = setting(b, sc, dn(p, "_read_timeout"), def60, argTime)

	if proto == lint.ProtoHTTP || proto == lint.ProtoGRPC {
		hs, _ := lookupArray(sc, dn(p, "_set_header"))
		for _, h := range hs {
			if len(h.Args) != 2 {
				continue
			}
			r.Headers = append(r.Headers, lint.Header{Name: h.Args[0], Value: h.Args[1], Pos: h.Pos()})
		}
		host := lint.Setting[string]{}
		if proto == lint.ProtoHTTP {
			host = lint.Default("$proxy_host", sc.pos).By("proxy_set_header")
		}
		hsAll, at := lookupArray(sc, dn(p, "_set_header"))
		for _, h := range hsAll {
			if len(h.Args) == 2 && strings.EqualFold(h.Args[0], "Host") {
				host = lint.Explicit(h.Args[1], h.Pos()).By(dn(p, "_set_header"))
				if at != sc {
					host = host.InheritedAs()
				}
			}
		}
		r.Host = host
	}
	switch proto {
	case lint.ProtoHTTP:
		def := "1.0"
		if b.v1297 {
			def = "1.1"
		}
		r.HTTPVersion = setting(b, sc, "proxy_http_version", def, argString)
	case lint.ProtoGRPC:
		r.HTTPVersion = lint.Default("2", sc.pos).By("grpc_pass")
	}
	if proto == lint.ProtoHTTP || proto == lint.ProtoGRPC || proto == lint.ProtoUWSGI {
		nameDef := "$proxy_host"
		if proto != lint.ProtoHTTP {
			nameDef = r.Target.Host
		}
		r.TLS.Engine = lint.Default(true, sc.pos).By(pass.Name)
		r.TLS.SNI = setting(b, sc, dn(p, "_ssl_server_name"), false, argFlag)
		r.TLS.Name = setting(b, sc, dn(p, "_ssl_name"), nameDef, argString)
		r.TLS.Verify = setting(b, sc, dn(p, "_ssl_verify"), false, argFlag)
		r.TLS.TrustedCertificate = setting(b, sc, dn(p, "_ssl_trusted_certificate"), "", argString)
	}
	pageSize := lint.Size(4 << 10)
	switch proto {
	case lint.ProtoHTTP, lint.ProtoFastCGI, lint.ProtoUWSGI, lint.ProtoSCGI:
		r.Buffers.BufferSize = setting(b, sc, dn(p, "_buffer_size"), pageSize, argSize)
		count, size := lint.Default(8, sc.pos).By(dn(p, "_buffers")), lint.Default(pageSize, sc.pos).By(dn(p, "_buffers"))
		if s, at := lookup(sc, dn(p, "_buffers")); s != nil {
			n, ok1 := 0, false
			var sz lint.Size
			ok2 := false
			if len(s.Args) == 2 {
				n, ok1 = parseInt(s.Args[0])
				sz, ok2 = parseSize(s.Args[1])
			}
			if ok1 && ok2 {
				count, size = lint.Explicit(n, s.Pos()).By(dn(p, "_buffers")), lint.Explicit(sz, s.Pos()).By(dn(p, "_buffers"))
				if at != sc {
					count, size = count.InheritedAs(), size.InheritedAs()
				}
			} else {
				b.errorf(s.errPos(), "%q directive invalid value", dn(p, "_buffers"))
			}
		}
		r.Buffers.Count, r.Buffers.Size = count, size
		r.Buffers.BusySize = setting(b, sc, dn(p, "_busy_buffers_size"), 2*pageSize, argSize)
		r.Buffers.Buffering = setting(b, sc, dn(p, "_buffering"), true, argFlag)
		r.Buffers.TempFileWrite = setting(b, sc, dn(p, "_temp_file_write_size"), 2*pageSize, argSize)
		r.RequestBuffering = setting(b, sc, dn(p, "_request_buffering"), true, argFlag)
	case lint.ProtoGRPC, lint.ProtoOther:
		r.Buffers.BufferSize = setting(b, sc, dn(p, "_buffer_size"), pageSize, argSize)
	}
	r.Retry.NextUpstream = setting(b, sc, dn(p, "_next_upstream"), defaultNextUpstream, argList)
	if ss, _ := lookupArray(sc, dn(p, "_next_upstream")); len(ss) > 1 {
		// A bitmask: repeated directives add their conditions up.
		var all []string
		for _, s := range ss {
			all = append(all, s.Args...)
		}
		r.Retry.NextUpstream.Value = all
	}
	if proto != lint.ProtoOther {
		r.Retry.Tries = setting(b, sc, dn(p, "_next_upstream_tries"), 0, argInt)
		r.Retry.Timeout = setting(b, sc, dn(p, "_next_upstream_timeout"), 0, argTime)
	}
	if proto == lint.ProtoFastCGI {
		r.KeepConn = setting(b, sc, "fastcgi_keep_conn", false, argFlag)
	}
	r.Resolver = setting[[]string](b, sc, "resolver", nil, argList)
	r.Access = b.access(sc)
	if sc.site != nil {
		sc.site.Routes = append(sc.site.Routes, r)
	}
	b.routes = append(b.routes, &pendingRoute{route: r, sc: sc})
}

func (b *builder) upstream(http *scope, s *Stmt) {
	if _, dup := b.upstreams[strings.ToLower(s.Args[0])]; dup {
		b.errorf(s.errPos(), "duplicate upstream %q", s.Args[0])
		return
	}
	sc := newScope(http, "upstream", s, s.Pos())
	u := &lint.Upstream{Name: s.Args[0], Pos: s.Pos(), Kind: "upstream"}
	// The servers and the list of them sized once, the servers in one
	// slab, rather than an allocation per server and the list grown.
	body := expand(s.Children)
	n := 0
	for _, c := range body {
		if c.Name == "server" && !c.Block && len(c.Args) >= 1 {
			n++
		}
	}
	if n > 0 {
		slab := make([]lint.Endpoint, n)
		u.Endpoints = make([]*lint.Endpoint, 0, n)
		for _, c := range body {
			if c.Name == "server" && !c.Block && len(c.Args) >= 1 {
				e := &slab[len(u.Endpoints)]
				b.endpoint(e, c)
				u.Endpoints = append(u.Endpoints, e)
			}
		}
	}
	keepDef := 0
	if b.v1297 {
		keepDef = 32
	}
	own := func(name string) *Stmt {
		if ss := sc.direct(name); len(ss) > 0 {
			return ss[0]
		}
		return nil
	}
	b.duplicate(sc, "keepalive")
	u.Keepalive = lint.Default(keepDef, sc.pos).By("keepalive")
	if k := own("keepalive"); k != nil {
		if n, ok := argInt(k); ok {
			u.Keepalive = lint.Explicit(n, k.Pos()).By("keepalive")
		} else if len(k.Args) >= 1 {
			if n, ok := parseInt(k.Args[0]); ok {
				u.Keepalive = lint.Explicit(n, k.Pos()).By("keepalive")
			} else {
				b.errorf(k.errPos(), "invalid value \"%s\" in \"keepalive\" directive", k.Args[0])
			}
		}
	}
	u.KeepaliveTimeout = ownSetting(b, sc, "keepalive_timeout", 60*time.Second, argTime)
	reqDef := 1000
	if !b.version.AtLeast("1.19.10") {
		reqDef = 100
	}
	u.KeepaliveRequests = ownSetting(b, sc, "keepalive_requests", reqDef, argInt)
	u.Zone = ownSetting(b, sc, "zone", "", argString)
	u.Resolver = setting[[]string](b, sc, "resolver", nil, argList)
	u.Method = lint.Default("round_robin", sc.pos).By("upstream")
	for _, m := range []string{"least_conn", "ip_hash", "hash", "random", "least_time", "ntlm", "sticky"} {
		if st := own(m); st != nil && m != "ntlm" && m != "sticky" {
			u.Method = lint.Explicit(m, st.Pos()).By(m)
		}
	}
	u.HealthCheck.Active = lint.Default(false, sc.pos).By("health_check")
	// The pool's other directives (sticky, ntlm, queue, keepalive_time...)
	// as written, for source-specific rules.
	for _, c := range sc.list {
		switch c.Name {
		case "server", "include":
			continue
		}
		if u.Params == nil {
			u.Params = map[string]lint.Setting[string]{}
		}
		u.Params[c.Name] = lint.Explicit(strings.Join(c.Args, " "), c.Pos()).By(c.Name)
	}
	b.upstreams[strings.ToLower(u.Name)] = u
	b.cfg.Upstreams = append(b.cfg.Upstreams, u)
}

// ownSetting is setting without inheritance (upstream{} directives).
func ownSetting[T any](b *builder, sc *scope, name string, def T, parse func(*Stmt) (T, bool)) lint.Setting[T] {
	ss := sc.direct(name)
	if len(ss) == 0 {
		return lint.Default(def, sc.pos).By(name)
	}
	b.duplicate(sc, name)
	s := ss[0]
	v, ok := parse(s)
	if !ok {
		b.errorf(s.errPos(), "%q directive invalid value", name)
		return lint.Default(def, sc.pos).By(name)
	}
	return lint.Explicit(v, s.Pos()).By(name)
}

// endpoint fills e from the server directive s.
func (b *builder) endpoint(e *lint.Endpoint, s *Stmt) {
	pos := s.Pos()
	*e = lint.Endpoint{Pos: pos, Raw: s.Args[0], Params: map[string]lint.Setting[string]{}}
	a := parseAddress(s.Args[0])
	e.Host, e.Port, e.PortSet, e.UnixPath = a.host, a.port, a.portSet, a.unixPath
	if e.UnixPath == "" && !e.PortSet {
		e.Port = 80
	}
	e.Weight = lint.Default(1, pos).By("weight=")
	e.MaxFails = lint.Default(1, pos).By("max_fails=")
	e.FailTimeout = lint.Default(10*time.Second, pos).By("fail_timeout=")
	e.Backup = lint.Default(false, pos).By("backup")
	e.Down = lint.Default(false, pos).By("down")
	e.Resolve = lint.Default(false, pos).By("resolve")
	e.Service = lint.Default("", pos).By("service=")
	for i, p := range s.Args[1:] {
		ppos := s.ArgPos[i+1]
		key, val, hasVal := strings.Cut(p, "=")
		key = strings.ToLower(key)
		by := key
		if hasVal {
			by += "="
		}
		e.Params[key] = lint.Explicit(val, ppos).By(by)
		bad := false
		switch key {
		case "weight":
			n, ok := parseInt(val)
			bad = !ok || !hasVal
			e.Weight = lint.Explicit(n, ppos).By("weight=")
		case "max_fails":
			n, ok := parseInt(val)
			bad = !ok || !hasVal
			e.MaxFails = lint.Explicit(n, ppos).By("max_fails=")
		case "fail_timeout":
			d, ok := parseTime(val)
			bad = !ok || !hasVal
			e.FailTimeout = lint.Explicit(d, ppos).By("fail_timeout=")
		case "backup":
			e.Backup = lint.Explicit(true, ppos).By("backup")
		case "down":
			e.Down = lint.Explicit(true, ppos).By("down")
		case "resolve":
			e.Resolve = lint.Explicit(true, ppos).By("resolve")
		case "service":
			e.Service = lint.Explicit(val, ppos).By("service=")
		}
		if bad {
			b.errorf(ppos, "invalid parameter %q", p)
		}
	}
}

// link connects routes to the upstream{} blocks their host names, the way
// ngx_http_upstream_add does: an explicit port never matches a block.
func (b *builder) link() {
	for _, pr := range b.routes {
		r := pr.route
		t := &r.Target
		if t.UnixPath != "" || t.Host == "" || strings.Contains(t.Host, "$") {
			continue
		}
		if t.PortSet {
			continue
		}
		if u, ok := b.upstreams[strings.ToLower(t.Host)]; ok {
			t.Upstream = u
			u.UsedBy = append(u.UsedBy, r)
			if r.Timeouts.Idle.Pos.IsZero() {
				r.Timeouts.Idle = u.KeepaliveTimeout
			}
		}
	}
	// health_check (NGINX Plus) in a location checks the group its
	// location passes to.
	for _, h := range b.health {
		hc := h.stmt
		for _, pr := range b.routes {
			if !below(pr.sc, h.sc) || pr.route.Target.Upstream == nil {
				continue
			}
			u := pr.route.Target.Upstream
			h := &u.HealthCheck
			h.Active = lint.Explicit(true, hc.Pos()).By("health_check")
			h.Interval = lint.Default(5*time.Second, hc.Pos()).By("interval=")
			h.Fails = lint.Default(1, hc.Pos()).By("fails=")
			h.Passes = lint.Default(1, hc.Pos()).By("passes=")
			h.URI = lint.Default("/", hc.Pos()).By("uri=")
			h.Method = lint.Default("GET", hc.Pos()).By("health_check")
			for i, a := range hc.Args {
				k, v, _ := strings.Cut(a, "=")
				ap := hc.ArgPos[i]
				switch k {
				case "interval":
					if d, ok := parseTime(v); ok {
						h.Interval = lint.Explicit(d, ap).By("interval=")
					}
				case "fails":
					if n, ok := parseInt(v); ok {
						h.Fails = lint.Explicit(n, ap).By("fails=")
					}
				case "passes":
					if n, ok := parseInt(v); ok {
						h.Passes = lint.Explicit(n, ap).By("passes=")
					}
				case "uri":
					h.URI = lint.Explicit(v, ap).By("uri=")
				}
			}
			break
		}
	}
}

// below reports whether sc is outer or nested in it.
func below(sc, outer *scope) bool {
	for c := sc; c != nil; c = c.parent {
		if c == outer {
			return true
		}
	}
	return false
}

// defaultServers marks the first site of each address:port as the default
// when no site names itself default_server there, as nginx does.
func (b *builder) defaultServers() {
	type key struct {
		addr string
		port int
		unix string
	}
	explicit := map[key]bool{}
	for _, s := range b.cfg.Sites {
		for _, l := range s.Listeners {
			if l.Default {
				explicit[key{l.Addr, l.Port, l.Unix}] = true
			}
		}
	}
	if b.cfg.Fragment {
		// The other servers of the tree are unknown: only default_server
		// says a snippet's site is the default.
		return
	}
	seen := map[key]bool{}
	for _, s := range b.cfg.Sites {
		for _, l := range s.Listeners {
			k := key{l.Addr, l.Port, l.Unix}
			if !seen[k] && !explicit[k] {
				s.Default = true
			}
			seen[k] = true
		}
	}
}

// location is a parsed location argument list.
type location struct {
	name           string
	exact, regex   bool
	named, noRegex bool
}

func parseLocation(args []string) location {
	var l location
	switch len(args) {
	case 1:
		a := args[0]
		switch {
		case strings.HasPrefix(a, "@"):
			l.named = true
			l.name = a
		case strings.HasPrefix(a, "="):
			l.exact, l.name = true, a[1:]
		case strings.HasPrefix(a, "^~"):
			l.noRegex, l.name = true, a[2:]
		case strings.HasPrefix(a, "~*"):
			l.regex, l.name = true, a[2:]
		case strings.HasPrefix(a, "~"):
			l.regex, l.name = true, a[1:]
		default:
			l.name = a
		}
	case 2:
		l.name = args[1]
		switch args[0] {
		case "=":
			l.exact = true
		case "~", "~*":
			l.regex = true
		case "^~":
			l.noRegex = true
		}
	}
	return l
}

// nestedLocationOK applies ngx_http_core_location's rules for a location
// inside another, reporting nginx's error when one is broken.
func (b *builder) nestedLocationOK(parent, child *Stmt) bool {
	p, c := parseLocation(parent.Args), parseLocation(child.Args)
	switch {
	case p.exact:
		b.errorf(child.errPos(), "location %q cannot be inside the exact location %q", c.name, p.name)
	case p.named:
		b.errorf(child.errPos(), "location %q cannot be inside the named location %q", c.name, p.name)
	case c.named:
		b.errorf(child.errPos(), "named location %q can be on the server level only", c.name)
	case !c.regex && !strings.HasPrefix(c.name, p.name):
		b.errorf(child.errPos(), "location %q is outside location %q", c.name, p.name)
	default:
		return true
	}
	return false
}

// passAllowed reports whether a *_pass may stand in sc: a location, an if
// inside a location, or limit_except.
func passAllowed(sc *scope) bool {
	switch sc.kind {
	case "location", "limit_except":
		return true
	case "if":
		for c := sc.parent; c != nil; c = c.parent {
			if c.kind != "if" {
				return c.kind == "location"
			}
		}
	}
	return false
}
