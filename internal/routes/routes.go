// Package routes builds the route table of `edgelint routes` and the HTML
// report: for every hostname and path, the chain a request follows from
// the CDN through the proxy's location and upstream to the backend, with
// the values that decide whether it ends in a 502/504 and where each was
// written.
//
// It reads only the model (lint.Config), never a source: a source that
// fills lint.Edge, lint.Site, lint.Upstream or lint.Backend (Terraform,
// compose, a new application server) appears in the table without a
// change here. A hop kind the model does not hold yet (databases) is
// simply absent from the chain.
package routes

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/edgelint/edgelint/lint"
)

// Hop kinds, outermost first.
const (
	CDN      = "cdn"
	Proxy    = "proxy"
	Upstream = "upstream"
	Backend  = "backend"
	Database = "database"
)

// CDNDefaultReadTimeout is what a zone waits for the origin when its
// proxy_read_timeout was never changed: the default of EL4301's option,
// so the table and the finding name the same number.
const CDNDefaultReadTimeout = 120 * time.Second

// Route is one row of the table: a hostname and path with its chain.
type Route struct {
	Host string `json:"host"`
	// Path is the location or path pattern as written ("/api/", "~ \.php$");
	// "" when the row stops at the CDN (no origin serves the hostname).
	Path string `json:"path"`
	// Aliases are the site's other names when the row comes from the
	// origin alone.
	Aliases []string `json:"aliases,omitempty"`
	Hops    []*Hop   `json:"hops"`
}

// Hop is one link of the chain.
type Hop struct {
	Kind string `json:"kind"`
	// Name says which one: the zone, "server_name location", the pool, the
	// FPM pool.
	Name string `json:"name"`
	// At is where it is defined (file:line or a resource).
	At     string  `json:"at"`
	Values []Value `json:"values"`
	// Timeout is the hop's own limit on a request, when it has one: the
	// CDN's and the proxy's read timeouts, the backend's kill time.
	Timeout *Value `json:"timeout,omitempty"`
	// Findings are the findings reported on this hop (see Attach).
	Findings []FindingRef `json:"findings,omitempty"`

	anchors []lint.Position
	// span is the block the hop is written in (a location), for findings
	// on a line inside it.
	span lint.Position
}

// Value is a setting with where it came from: "file:line", "default", or
// "inherited from file:line".
type Value struct {
	Key   string `json:"key"`
	Value string `json:"value"`
	From  string `json:"from"`
}

// FindingRef is a finding on a hop.
type FindingRef struct {
	Rule     string `json:"rule"`
	Name     string `json:"name"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	At       string `json:"at"`
	Docs     string `json:"docs,omitempty"`
	// Index is the finding's place in the report's list (HTML links).
	Index int `json:"-"`
}

func from[T any](s lint.Setting[T]) string {
	switch {
	case !s.Set:
		return "default"
	case s.Inherited:
		return "inherited from " + s.Pos.String()
	}
	return s.Pos.String()
}

func (h *Hop) add(key, value, from string, at ...lint.Position) {
	h.Values = append(h.Values, Value{Key: key, Value: value, From: from})
	h.anchors = append(h.anchors, at...)
}

func setting[T any](h *Hop, key string, s lint.Setting[T], format func(T) string) {
	h.add(key, format(s.Value), from(s), s.Pos)
}

func dur(d time.Duration) string { return lint.FormatDuration(d) }

func boolean(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// Build returns every route of the configs, sorted by host and path.
func Build(configs []*lint.Config) []*Route {
	var origin, sited, edges []*lint.Config
	var backends, databases []*lint.Backend
	var services []*lint.Service
	zones := map[string]bool{}
	for _, c := range configs {
		switch {
		case c.Edge != nil:
			// A snapshot given with --cloudflare-snapshot and found again
			// under a PATH is one zone.
			if z := c.Edge.ZoneID + "/" + c.Edge.Zone; !zones[z] {
				zones[z] = true
				edges = append(edges, c)
			}
		case len(c.Sites) > 0:
			sited = append(sited, c)
			// A snippet loaded alone has no whole tree: its server names
			// prove nothing about which site a zone reaches, but its
			// routes are still routes.
			if !c.Fragment {
				origin = append(origin, c)
			}
		}
		services = append(services, c.Services...)
		for _, be := range c.Backends {
			if be.IsDatabase() {
				databases = append(databases, be)
			} else {
				backends = append(backends, be)
			}
		}
	}
	b := builder{origin: origin, backends: backends, databases: databases, services: services}
	var out []*Route
	served := map[*lint.Site]bool{}
	for _, c := range edges {
		for _, h := range c.Edge.ProxiedHostnames() {
			sites := b.serving(h.Name)
			if len(sites) == 0 {
				out = append(out, &Route{Host: h.Name, Hops: []*Hop{cdnHop(c.Edge, h, "")}})
				continue
			}
			for _, s := range sites {
				served[s.site] = true
				for _, r := range s.site.Routes {
					out = append(out, &Route{Host: h.Name, Path: r.Match,
						Hops: append([]*Hop{cdnHop(c.Edge, h, r.Match)}, b.chain(s.cfg, r)...)})
				}
			}
		}
	}
	for _, c := range sited {
		for _, s := range c.Sites {
			if served[s] {
				continue
			}
			host, aliases := siteNames(s)
			for _, r := range s.Routes {
				out = append(out, &Route{Host: host, Aliases: aliases, Path: r.Match, Hops: b.chain(c, r)})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b *Route) int {
		return cmp.Or(cmp.Compare(a.Host, b.Host), cmp.Compare(a.Path, b.Path))
	})
	return out
}

func siteNames(s *lint.Site) (string, []string) {
	var names []string
	for _, n := range s.Names {
		if v := strings.TrimSpace(n.Value); v != "" && v != "_" {
			names = append(names, v)
		}
	}
	if len(names) == 0 {
		if s.Default {
			return "(default server)", nil
		}
		return "(no name)", nil
	}
	return names[0], names[1:]
}

type builder struct {
	origin    []*lint.Config
	backends  []*lint.Backend
	databases []*lint.Backend
	services  []*lint.Service

	// The name index of the origin's sites (see serving).
	sites    []site
	exact    map[string][]int
	patterns []pattern
}

type site struct {
	cfg  *lint.Config
	site *lint.Site
}

// pattern is a server name that is not a plain name, with its site.
type pattern struct {
	site int
	name string
}

// serving returns the origin sites whose names match host for certain,
// in origin order. Exact names are looked up in a map and only the
// patterns (wildcards, regexes) are tried one by one: a zone with
// thousands of hostnames in front of thousands of sites stays linear.
func (b *builder) serving(host string) []site {
	if b.exact == nil {
		b.index()
	}
	seen := map[int]bool{}
	var hits []int
	for _, i := range b.exact[lint.CanonHost(host)] {
		if !seen[i] {
			seen[i] = true
			hits = append(hits, i)
		}
	}
	for _, p := range b.patterns {
		if !seen[p.site] && lint.ServerNameMatches(b.sites[p.site].cfg.Source, p.name, host) == lint.YesMatch {
			seen[p.site] = true
			hits = append(hits, p.site)
		}
	}
	slices.Sort(hits)
	out := make([]site, len(hits))
	for i, h := range hits {
		out[i] = b.sites[h]
	}
	return out
}

func (b *builder) index() {
	b.exact = map[string][]int{}
	for _, c := range b.origin {
		for _, s := range c.Sites {
			i := len(b.sites)
			b.sites = append(b.sites, site{c, s})
			for _, n := range s.Names {
				v := strings.TrimSpace(n.Value)
				if strings.ContainsAny(v, "*?~$[") || strings.HasPrefix(v, ".") {
					b.patterns = append(b.patterns, pattern{i, v})
					continue
				}
				if k := lint.CanonHost(v); k != "" && k != "_" {
					b.exact[k] = append(b.exact[k], i)
				}
			}
		}
	}
}

func cdnHop(e *lint.Edge, h *lint.Hostname, loc string) *Hop {
	hop := &Hop{Kind: CDN, Name: e.Zone, At: h.Pos.String()}
	hop.anchors = append(hop.anchors, h.Pos)
	via := strings.Join(h.Targets, ", ")
	if h.LB != nil {
		via = "load balancer " + h.LB.Name
	}
	hop.add("proxied", "yes → "+via, h.Pos.String(), h.Pos)
	ssl, read := e.SSLMode, e.ReadTimeout
	if !read.Set || read.Value <= 0 {
		read.Value = CDNDefaultReadTimeout
	}
	sslFrom, readFrom := from(ssl), from(read)
	prefix, literal := lint.LocationPrefix(loc)
	covers := func(expr string) bool {
		s := lint.ParseExprScope(expr)
		if s.CoversHost(h.Name) != lint.YesMatch {
			return false
		}
		return literal && s.CoversPath(prefix) == lint.YesMatch
	}
	for _, r := range e.ConfigRules {
		if r.Enabled && r.SSLMode != "" && covers(r.Expression) {
			ssl.Value, sslFrom = r.SSLMode, "override "+r.Pos.String()
			hop.anchors = append(hop.anchors, r.Pos)
		}
	}
	for _, r := range e.CacheRules {
		if r.Enabled && r.ReadTimeout > 0 && covers(r.Expression) {
			read.Value, readFrom = r.ReadTimeout, "override "+r.Pos.String()
			hop.anchors = append(hop.anchors, r.Pos)
		}
	}
	hop.add("ssl mode", ssl.Value, sslFrom, ssl.Pos)
	hop.add("read timeout", dur(read.Value), readFrom, read.Pos)
	if read.Value > 0 {
		hop.Timeout = &Value{Key: "read timeout", Value: dur(read.Value), From: readFrom}
	}
	for _, r := range e.OriginRules {
		if !r.Enabled || !covers(r.Expression) {
			continue
		}
		var parts []string
		if r.HostHeader != "" {
			parts = append(parts, "Host "+r.HostHeader)
		}
		if r.OriginHost != "" {
			parts = append(parts, "origin "+r.OriginHost)
		}
		if r.OriginPort != 0 {
			parts = append(parts, "port "+strconv.Itoa(r.OriginPort))
		}
		if r.SNI != "" {
			parts = append(parts, "SNI "+r.SNI)
		}
		if len(parts) > 0 {
			hop.add("origin rule", strings.Join(parts, ", "), r.Pos.String(), r.Pos)
		}
	}
	if h.LB != nil {
		hop.anchors = append(hop.anchors, h.LB.Pos)
	}
	return hop
}

// chain is the origin part of a route: proxy, upstream, backend.
func (b *builder) chain(c *lint.Config, r *lint.Route) []*Hop {
	hops := []*Hop{proxyHop(c, r)}
	u := r.Target.Upstream
	if u != nil {
		hops = append(hops, upstreamHop(u))
	}
	svc, name := b.service(r)
	if be := b.backend(r); be != nil {
		h := backendHop(be)
		if svc != nil {
			h.add("container", svc.Name+" ("+svc.Kind+" service)", svc.Pos.String(), svc.Pos)
		}
		hops = append(hops, h)
		if db := b.database(be); db != nil {
			hops = append(hops, databaseHop(db))
		}
	} else if svc != nil {
		hops = append(hops, serviceHop(svc, name))
	}
	return hops
}

func proxyHop(c *lint.Config, r *lint.Route) *Hop {
	name := string(c.Source)
	if r.Site != nil {
		host, _ := siteNames(r.Site)
		name = host
	}
	loc := r.Match
	if loc == "" {
		loc = "(whole site)"
	}
	h := &Hop{Kind: Proxy, Name: name + " " + loc, At: r.Pos.String(), span: r.Pos}
	h.anchors = append(h.anchors, r.Pos)
	if r.Site != nil {
		h.add("site", name, r.Site.Pos.String(), r.Site.Pos)
	}
	h.add("location", loc, r.Pos.String())
	h.add("pass", r.Target.Directive+" "+r.Target.Raw, r.Target.Pos.String(), r.Target.Pos)
	t := r.Timeouts
	setting(h, "connect timeout", t.Connect, dur)
	setting(h, "send timeout", t.Send, dur)
	setting(h, "read timeout", t.Read, dur)
	h.Timeout = &Value{Key: "read timeout", Value: dur(t.Read.Value), From: from(t.Read)}
	if r.Host.Value != "" || r.Host.Set {
		setting(h, "Host sent", r.Host, func(s string) string { return s })
	}
	if strings.HasSuffix(r.Target.Scheme, "s") && r.Target.Scheme != "ws" || r.Target.Scheme == "wss" {
		sni := boolean(r.TLS.SNI.Value)
		if r.TLS.Name.Value != "" {
			sni += " (" + r.TLS.Name.Value + ")"
		}
		h.add("SNI sent", sni, from(r.TLS.SNI), r.TLS.SNI.Pos, r.TLS.Name.Pos)
		setting(h, "verify", r.TLS.Verify, boolean)
	}
	if r.Retry.NextUpstream.Set || r.Retry.NextUpstream.Value != nil {
		setting(h, "retry on", r.Retry.NextUpstream, func(v []string) string { return strings.Join(v, " ") })
	}
	if r.Retry.Tries.Set {
		setting(h, "tries", r.Retry.Tries, strconv.Itoa)
	}
	if r.Retry.Timeout.Set {
		setting(h, "retry timeout", r.Retry.Timeout, dur)
	}
	return h
}

func upstreamHop(u *lint.Upstream) *Hop {
	h := &Hop{Kind: Upstream, Name: u.Name, At: u.Pos.String(), span: u.Pos}
	h.anchors = append(h.anchors, u.Pos)
	var servers []string
	for _, e := range u.Endpoints {
		s := e.Raw
		if e.Backup.Value {
			s += " backup"
		}
		if e.Down.Value {
			s += " down"
		}
		servers = append(servers, s)
		h.anchors = append(h.anchors, e.Pos)
	}
	h.add("servers", strings.Join(servers, ", "), u.Pos.String())
	if u.Method.Value != "" {
		setting(h, "balancing", u.Method, func(s string) string { return s })
	}
	hc := "passive only"
	if u.HealthCheck.Active.Value {
		hc = "active"
		if u.HealthCheck.URI.Value != "" {
			hc += " " + u.HealthCheck.URI.Value
		}
	}
	h.add("health checks", hc, from(u.HealthCheck.Active), u.HealthCheck.Active.Pos)
	setting(h, "keep-alive", u.Keepalive, func(n int) string {
		if n == 0 {
			return "off"
		}
		return strconv.Itoa(n) + " idle connections"
	})
	if u.Keepalive.Value > 0 {
		setting(h, "keep-alive timeout", u.KeepaliveTimeout, dur)
	}
	return h
}

func backendHop(b *lint.Backend) *Hop {
	name := b.Name
	if name == "" {
		name = b.Kind
	}
	h := &Hop{Kind: Backend, Name: b.Kind + " " + name, At: b.Pos.String(), span: b.Pos}
	h.anchors = append(h.anchors, b.Pos)
	var listen []string
	for _, s := range b.Listen {
		listen = append(listen, s.Raw)
		h.anchors = append(h.anchors, s.Pos)
	}
	if len(b.Listen) > 0 {
		h.add("listen", strings.Join(listen, ", "), b.Listen[0].Pos.String())
	}
	str := func(s string) string { return s }
	if b.Manager.Value != "" {
		setting(h, "process manager", b.Manager, str)
	}
	setting(h, "workers", b.Workers, strconv.Itoa)
	limit := func(d time.Duration) string {
		if d == 0 {
			return "none"
		}
		return dur(d)
	}
	setting(h, "request timeout", b.RequestTimeout, limit)
	setting(h, "max execution time", b.MaxExecutionTime, limit)
	// The request dies at the first of the two limits to run out.
	kill := b.RequestTimeout
	if m := b.MaxExecutionTime; m.Value > 0 && (kill.Value == 0 || m.Value < kill.Value) {
		kill = m
	}
	if kill.Value > 0 {
		key := "request timeout"
		if kill == b.MaxExecutionTime {
			key = "max execution time"
		}
		h.Timeout = &Value{Key: key, Value: dur(kill.Value), From: from(kill)}
	}
	return h
}

// backend finds the backend listening where the route sends requests:
// the same unix socket, or the same TCP port.
func (b *builder) backend(r *lint.Route) *lint.Backend {
	if len(b.backends) == 0 || r.Target.Variables {
		return nil
	}
	type addr struct {
		unix string
		port int
	}
	var addrs []addr
	if u := r.Target.Upstream; u != nil {
		for _, e := range u.Endpoints {
			addrs = append(addrs, addr{socket(e.UnixPath), e.Port})
		}
	} else {
		addrs = append(addrs, addr{socket(r.Target.UnixPath), r.Target.Port})
	}
	for _, be := range b.backends {
		for _, l := range be.Listen {
			for _, a := range addrs {
				if (a.unix != "" && a.unix == socket(l.Unix)) || (a.unix == "" && l.Unix == "" && a.port != 0 && a.port == l.Port) {
					return be
				}
			}
		}
	}
	return nil
}

// service is the container the route's address names: a Compose service
// (or another orchestrator's) one of whose names is the pass target's
// host or a server's of its upstream.
func (b *builder) service(r *lint.Route) (*lint.Service, *lint.ServiceName) {
	if len(b.services) == 0 || r.Target.Variables {
		return nil, nil
	}
	hosts := []string{r.Target.Host}
	if u := r.Target.Upstream; u != nil {
		hosts = hosts[:0]
		for _, e := range u.Endpoints {
			hosts = append(hosts, e.Host)
		}
	}
	for _, h := range hosts {
		if h == "" {
			continue
		}
		for _, s := range b.services {
			if n := s.Named(h); n != nil {
				return s, n
			}
		}
	}
	return nil, nil
}

func serviceHop(s *lint.Service, n *lint.ServiceName) *Hop {
	h := &Hop{Kind: Backend, Name: s.Kind + " " + s.Name, At: s.Pos.String(), span: s.Pos}
	h.anchors = append(h.anchors, s.Pos)
	h.add("name", n.Name+" ("+n.How+")", n.Pos.String(), n.Pos)
	if s.Image != "" {
		h.add("image", s.Image, s.Pos.String())
	}
	var ports []string
	for _, p := range s.Ports {
		ports = append(ports, p.Raw)
		h.anchors = append(h.anchors, p.Pos)
	}
	if len(ports) > 0 {
		h.add("ports", strings.Join(ports, ", "), s.Ports[0].Pos.String())
	}
	if s.Replicated {
		h.add("replicas", "several containers behind one name", s.Pos.String())
	}
	return h
}

// database is the database an application backend uses, as far as the
// inputs tell: the one configured on the same host (the directory that
// holds both files' etc/, as in deploy/web1/etc/...), else the only one
// among the inputs. The configuration does not say which database an
// application connects to, so with several candidates there is no hop.
func (b *builder) database(app *lint.Backend) *lint.Backend {
	if len(b.databases) == 0 {
		return nil
	}
	if root := hostRoot(app.Pos.File()); root != "" {
		for _, db := range b.databases {
			if hostRoot(db.Pos.File()) == root {
				return db
			}
		}
	}
	if len(b.databases) == 1 {
		return b.databases[0]
	}
	return nil
}

// hostRoot is the directory that holds a path's etc/, with a trailing
// slash; "" when there is none.
func hostRoot(file string) string {
	file = "/" + strings.TrimPrefix(path.Clean("/"+strings.ReplaceAll(file, "\\", "/")), "/")
	if i := strings.LastIndex(file, "/etc/"); i >= 0 {
		return file[:i+1]
	}
	return ""
}

func databaseHop(db *lint.Backend) *Hop {
	h := &Hop{Kind: Database, Name: db.Kind, At: db.Pos.String(), span: db.Pos}
	h.anchors = append(h.anchors, db.Pos)
	var listen []string
	for _, s := range db.Listen {
		listen = append(listen, s.Raw)
		h.anchors = append(h.anchors, s.Pos)
	}
	if len(db.Listen) > 0 {
		h.add("listen", strings.Join(listen, ", "), db.Listen[0].Pos.String())
	}
	setting(h, "max connections", db.Workers, strconv.Itoa)
	return h
}

// socket is a unix socket path as the kernel sees it: /var/run is /run on
// every current distribution.
func socket(p string) string {
	if p == "" {
		return ""
	}
	p = path.Clean(p)
	if rest, ok := strings.CutPrefix(p, "/var/run/"); ok {
		return "/run/" + rest
	}
	return p
}

// Chain is the timeouts along the route, outermost first, as
// "CDN 100s > proxy 60s > php-fpm 30s"; the comparison sign says whether
// each hop gives up after (>) , with (=) or before (<) the next one.
func (r *Route) Chain() string {
	var parts []string
	var prev time.Duration
	for _, h := range r.Hops {
		if h.Timeout == nil {
			continue
		}
		// lint.FormatDuration's forms (60s, 1m30s, 500ms) all parse.
		d, _ := time.ParseDuration(h.Timeout.Value)
		if len(parts) > 0 {
			switch {
			case prev > d:
				parts = append(parts, ">")
			case prev < d:
				parts = append(parts, "<")
			default:
				parts = append(parts, "=")
			}
		}
		parts = append(parts, Label(h)+" "+h.Timeout.Value)
		prev = d
	}
	return strings.Join(parts, " ")
}

// Label is a hop's short name in the chain: "CDN", "proxy", "upstream",
// or the backend's server ("php-fpm").
func Label(h *Hop) string {
	switch h.Kind {
	case CDN:
		return "CDN"
	case Backend:
		if k, _, ok := strings.Cut(h.Name, " "); ok {
			return k
		}
	case Database:
		return h.Name
	}
	return h.Kind
}

// Filter keeps the routes that match every non-empty criterion: host (a
// name or a glob like *.example.com), path (a prefix of the route's
// path), upstream (the name of the pool, or a part of the pass address).
func Filter(rs []*Route, host, pathPrefix, upstream string) []*Route {
	var out []*Route
	for _, r := range rs {
		if host != "" && !hostMatches(host, r) {
			continue
		}
		if pathPrefix != "" && !strings.HasPrefix(strings.TrimLeft(r.Path, "=^~ "), pathPrefix) {
			continue
		}
		if upstream != "" && !usesUpstream(r, upstream) {
			continue
		}
		out = append(out, r)
	}
	return out
}

func hostMatches(pattern string, r *Route) bool {
	pattern = lint.CanonHost(pattern)
	for _, n := range append([]string{r.Host}, r.Aliases...) {
		n = lint.CanonHost(n)
		if ok, _ := path.Match(pattern, n); ok || n == pattern {
			return true
		}
	}
	return false
}

func usesUpstream(r *Route, name string) bool {
	for _, h := range r.Hops {
		switch h.Kind {
		case Upstream:
			if h.Name == name {
				return true
			}
		case Proxy:
			for _, v := range h.Values {
				if v.Key == "pass" && strings.Contains(v.Value, name) {
					return true
				}
			}
		}
	}
	return false
}

// Attach records each finding on the hops it concerns: the hop holds a
// value written on the finding's line (or a related one), or the finding
// is inside the hop's block, or on the hop's live resource. A finding
// that several routes share a hop with (a zone setting) stays on the
// routes that hold most of its positions (its own counting double):
// EL4301 on a location's read
// timeout names the zone's setting and that location, so it goes to that
// location's route, not to every route of the zone.
func Attach(rs []*Route, findings []lint.Finding, docs func(lint.Finding) string) {
	type key struct {
		file string
		line int32
	}
	type at struct {
		route int
		hop   *Hop
	}
	byLine := map[key][]at{}
	byResource := map[string][]at{}
	byFile := map[string][]at{}
	for ri, r := range rs {
		for _, h := range r.Hops {
			for _, p := range h.anchors {
				if p.File() != "" && p.Line > 0 {
					byLine[key{p.File(), p.Line}] = append(byLine[key{p.File(), p.Line}], at{ri, h})
				} else if p.Resource() != "" {
					byResource[p.Resource()] = append(byResource[p.Resource()], at{ri, h})
				}
			}
			if h.span.File() != "" && h.span.EndLine > h.span.Line {
				byFile[h.span.File()] = append(byFile[h.span.File()], at{ri, h})
			}
		}
	}
	for i, f := range findings {
		ref := FindingRef{Rule: f.RuleID, Name: f.Name, Severity: f.Severity.String(),
			Message: f.Message, At: f.Pos.String(), Index: i}
		if docs != nil {
			ref.Docs = docs(f)
		}
		score := map[int]int{}
		hops := map[int][]*Hop{}
		hit := func(a at) {
			for _, h := range hops[a.route] {
				if h == a.hop {
					return
				}
			}
			hops[a.route] = append(hops[a.route], a.hop)
		}
		positions := []lint.Position{f.Pos}
		for _, rel := range f.Related {
			positions = append(positions, rel.Pos)
		}
		for pi, p := range positions {
			// The finding's own position counts more than a related one:
			// EL2302 on a hostname relates the default server, whose
			// routes are not the ones it is about.
			weight := 1
			if pi == 0 {
				weight = 2
			}
			seen := map[int]bool{}
			var ats []at
			if p.File() != "" {
				ats = byLine[key{p.File(), p.Line}]
			} else if p.Resource() != "" {
				ats = byResource[p.Resource()]
			}
			for _, a := range ats {
				hit(a)
				if !seen[a.route] {
					seen[a.route] = true
					score[a.route] += weight
				}
			}
		}
		if len(hops) == 0 && f.Pos.File() != "" {
			// Innermost enclosing block only: a finding in a location is
			// not also about every other location of the file.
			var best []at
			var size int32
			for _, a := range byFile[f.Pos.File()] {
				if f.Pos.Line < a.hop.span.Line || f.Pos.Line > a.hop.span.EndLine {
					continue
				}
				switch n := a.hop.span.EndLine - a.hop.span.Line; {
				case best == nil || n < size:
					best, size = []at{a}, n
				case n == size:
					best = append(best, a)
				}
			}
			for _, a := range best {
				hit(a)
				score[a.route] = 1
			}
		}
		top := 0
		for _, n := range score {
			top = max(top, n)
		}
		for ri, hs := range hops {
			if score[ri] < top {
				continue
			}
			for _, h := range hs {
				h.Findings = append(h.Findings, ref)
			}
		}
	}
	// Map order above; findings read in report order on every hop.
	for _, r := range rs {
		for _, h := range r.Hops {
			slices.SortStableFunc(h.Findings, func(a, b FindingRef) int { return cmp.Compare(a.Index, b.Index) })
		}
	}
}

// Worst is the most severe finding on the route's hops, "" when none.
func (r *Route) Worst() string {
	rank := map[string]int{"info": 1, "warning": 2, "error": 3}
	worst := ""
	for _, h := range r.Hops {
		for _, f := range h.Findings {
			if rank[f.Severity] > rank[worst] {
				worst = f.Severity
			}
		}
	}
	return worst
}

// String is "host path" for messages.
func (r *Route) String() string { return fmt.Sprintf("%s %s", r.Host, r.Path) }
