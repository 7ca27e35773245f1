package terraform

import (
	"fmt"
	"strings"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/cloudflare"
)

// Types lists the resources (and data sources, "data.") read, v4 and v5.
var Types = map[string]bool{
	"cloudflare_zone":                                true,
	"data.cloudflare_zone":                           true,
	"cloudflare_zone_settings_override":              true, // v4
	"cloudflare_zone_setting":                        true, // v5
	"cloudflare_record":                              true, // v4
	"cloudflare_dns_record":                          true, // v5
	"cloudflare_ruleset":                             true,
	"cloudflare_page_rule":                           true,
	"cloudflare_load_balancer":                       true,
	"cloudflare_load_balancer_pool":                  true,
	"cloudflare_load_balancer_monitor":               true,
	"cloudflare_authenticated_origin_pulls":          true,
	"cloudflare_authenticated_origin_pulls_settings": true, // v5
	"cloudflare_universal_ssl_setting":               true, // v5
	"cloudflare_certificate_pack":                    true,
	"cloudflare_custom_ssl":                          true,
}

// zone collects one zone's objects.
type zone struct {
	key      string
	name     string // "" when unknown
	id       string
	declared bool // a cloudflare_zone of this module (or plan) creates it
	partial  bool // names may exist in it that the objects read do not show
	edge     *lint.Edge
	pools    []string // IDs of the pools its load balancers use, in order
	// certsUnknown: an edge certificate of the zone has hosts known only
	// later (or never statically: an uploaded certificate's names are in
	// its PEM), or Universal SSL's state is unknown.
	certsUnknown bool
	first        lint.Position
}

// label names the zone in resources: its name, else its ID, else how the
// configuration refers to it.
func (z *zone) label() string {
	switch {
	case z.name != "":
		return z.name
	case z.id != "":
		return z.id
	}
	return strings.TrimPrefix(z.key, "?")
}

type decoder struct {
	zones    map[string]*zone
	order    []*zone
	pools    map[string]*object
	poolIDs  []string
	monitors map[string]*object
	// anyPartial: an object that may belong to any zone (its zone_id
	// unknown) has a name that is unknown too.
	anyPartial bool
}

// decode turns objects into one Config per zone, plus one for pools no
// load balancer of the configuration uses. calls says the configuration
// calls modules not read with it, which may declare more of any zone.
func decode(objs []*object, calls bool) []*lint.Config {
	d := &decoder{zones: map[string]*zone{}, pools: map[string]*object{}, monitors: map[string]*object{}}
	// Zones first, so that every object finds the name of its zone.
	for _, o := range objs {
		if o.typ == "cloudflare_zone" {
			d.declareZone(o)
		}
	}
	for _, o := range objs {
		switch o.typ {
		case "cloudflare_load_balancer_pool":
			if id, st := wrap(o.id, "", o).ref(); st == known {
				if _, dup := d.pools[id]; !dup {
					d.pools[id] = o
					d.poolIDs = append(d.poolIDs, id)
				}
				for _, a := range o.aliases {
					d.pools[a] = o
				}
			}
		case "cloudflare_load_balancer_monitor":
			if id, st := wrap(o.id, "", o).ref(); st == known {
				d.monitors[id] = o
				for _, a := range o.aliases {
					d.monitors[a] = o
				}
			}
		}
	}
	for _, o := range objs {
		switch o.typ {
		case "cloudflare_zone_settings_override":
			d.settingsOverride(o)
		case "cloudflare_zone_setting":
			d.zoneSetting(o)
		case "cloudflare_record", "cloudflare_dns_record":
			d.record(o)
		case "cloudflare_ruleset":
			d.ruleset(o)
		case "cloudflare_page_rule":
			d.pageRule(o)
		case "cloudflare_load_balancer":
			d.loadBalancer(o)
		case "cloudflare_authenticated_origin_pulls":
			d.originPulls(o)
		case "cloudflare_universal_ssl_setting":
			if z := d.zoneOf(o); z != nil {
				on, st := o.root().get("enabled").boolean()
				switch st {
				case known:
					z.edge.UniversalSSL = lint.Explicit(on, d.at(z, o, "enabled", "ssl", "universal")).By("cloudflare_universal_ssl_setting")
				case unknown:
					z.certsUnknown = true
				}
			}
		case "cloudflare_certificate_pack":
			d.certificatePack(o)
		case "cloudflare_custom_ssl":
			if z := d.zoneOf(o); z != nil {
				z.certsUnknown = true
			}
		case "cloudflare_authenticated_origin_pulls_settings":
			if z := d.zoneOf(o); z != nil {
				switch on, st := o.root().get("enabled").boolean(); {
				case st == known && !o.maybe:
					pullsOn(z.edge, on, d.at(z, o, "enabled", "settings", "tls_client_auth"), "cloudflare_authenticated_origin_pulls_settings")
				case st != absent:
					z.edge.OriginPullsPartial = true // on or off, known only after a plan
				}
			}
		}
	}

	var cfgs []*lint.Config
	used := map[*object]bool{}
	for _, z := range d.order {
		// A zone the configuration creates is its to describe, unless
		// a module it calls may add records, load balancers or settings.
		whole := z.declared && !calls
		z.edge.LoadBalancersUnread = z.edge.LoadBalancersUnread || z.partial || d.anyPartial || !whole
		// Edge certificates are proof only in a zone the module wholly
		// describes and whose certificates it manages: a certificate
		// uploaded or ordered elsewhere would not show here.
		z.edge.EdgeCertsUnread = !whole || z.certsUnknown || len(z.edge.EdgeCerts) == 0
		if !whole {
			// Page rules, like load balancers, may be another module's.
			z.edge.PageRulesUnread = true
			z.edge.SettingsUnread = true
			if !z.edge.ReadTimeout.Set {
				// EL4301 takes an unset read timeout for Cloudflare's
				// default; here it may be set elsewhere: unknown.
				z.edge.ReadTimeout = lint.Explicit(maxReadTimeout, z.edge.ReadTimeout.Pos).By("proxy_read_timeout")
			}
		}
		for _, id := range z.pools {
			if o, ok := d.pools[id]; ok {
				used[o] = true
			}
		}
		d.attachPools(z.edge, z.pools, z.label(), false)
		cfgs = append(cfgs, config(z.edge))
	}
	var unused []string
	for _, id := range d.poolIDs {
		if !used[d.pools[id]] {
			unused = append(unused, id)
		}
	}
	if len(unused) > 0 {
		// Pools are account objects: a module may declare them for load
		// balancers elsewhere. Their own faults (no origin, no monitor)
		// hold wherever they are used.
		p := d.pools[unused[0]]
		account, _ := p.root().get("account_id").str()
		if account == "" {
			account = "?"
		}
		e := &lint.Edge{Provider: "cloudflare", Pos: p.at("")}
		e.Pos.SetResource("cloudflare:account/" + account)
		e.SSLMode = lint.Default("", e.Pos).By("ssl")
		e.ReadTimeout = lint.Default(time.Duration(0), e.Pos).By("proxy_read_timeout")
		e.AlwaysUseHTTPS = lint.Default(false, e.Pos).By("always_use_https")
		e.HSTS = lint.Default(lint.HSTS{}, e.Pos).By("security_header")
		e.OriginPulls = lint.Default(false, e.Pos).By("tls_client_auth")
		d.attachPools(e, unused, account, true)
		if len(e.Pools) > 0 {
			cfgs = append(cfgs, config(e))
		}
	}
	return cfgs
}

func config(e *lint.Edge) *lint.Config {
	return &lint.Config{Source: lint.Cloudflare, Root: e.Pos.Resource(), Product: lint.Product{Name: "cloudflare"}, Edge: e}
}

// declareZone registers a zone resource or data source.
func (d *decoder) declareZone(o *object) {
	key, st := wrap(o.id, "", o).ref()
	if st != known {
		return
	}
	z := d.zone(key, o.at(""))
	for _, a := range o.aliases {
		if _, ok := d.zones[a]; !ok {
			d.zones[a] = z
		}
	}
	r := o.root()
	name, nst := r.get("name").str()
	if nst == absent {
		name, nst = r.get("filter").one().get("name").str() // v5 data source
	}
	if nst == absent {
		name, nst = r.get("zone").str() // v4
	}
	if nst == known {
		z.name = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(name)), ".")
	}
	if !o.id.HasMark(symbol{}) {
		z.id = key
	}
	if o.mode == managedMode {
		z.declared = true
		z.edge.Pos = o.at("")
		if paused, st := r.get("paused").boolean(); st == known {
			z.edge.Paused = paused
		}
		if t, st := r.get("type").str(); st == known {
			z.edge.ZoneType = t
		}
		if p, st := r.get("plan").str(); st == known {
			z.edge.Plan = p
		}
	}
	d.resource(z)
}

// zone returns the zone of a key, creating it.
func (d *decoder) zone(key string, at lint.Position) *zone {
	if z, ok := d.zones[key]; ok {
		return z
	}
	z := &zone{key: key, first: at}
	if !strings.HasPrefix(key, "?") && !strings.Contains(key, ".") {
		z.id = key
	}
	e := &lint.Edge{Provider: "cloudflare", ZoneID: z.id, Pos: at}
	z.edge = e
	d.zones[key] = z
	d.order = append(d.order, z)
	d.resource(z)
	return z
}

// resource (re)names the zone's own position and the defaults of its
// settings once its name is known.
func (d *decoder) resource(z *zone) {
	e := z.edge
	e.Zone = z.name
	e.ZoneID = z.id
	e.Pos.SetResource(cloudflare.Resource(z.label()))
	unset := func(id string) lint.Position {
		p := e.Pos
		p.SetResource(cloudflare.Resource(z.label(), "settings", id))
		return p
	}
	if !e.SSLMode.Set {
		e.SSLMode = lint.Default("", unset("ssl")).By("ssl")
	}
	if !e.ReadTimeout.Set {
		e.ReadTimeout = lint.Default(time.Duration(0), unset("proxy_read_timeout")).By("proxy_read_timeout")
	}
	if !e.AlwaysUseHTTPS.Set {
		e.AlwaysUseHTTPS = lint.Default(false, unset("always_use_https")).By("always_use_https")
	}
	if !e.HSTS.Set {
		e.HSTS = lint.Default(lint.HSTS{}, unset("security_header")).By("security_header")
	}
	if !e.OriginPulls.Set {
		e.OriginPulls = lint.Default(false, unset("tls_client_auth")).By("tls_client_auth")
	}
}

// zoneOf is the zone of a zone-scoped object: the zone its zone_id names,
// or, when zone_id is unknown, the zone of every object written with the
// same expression (var.zone_id).
func (d *decoder) zoneOf(o *object) *zone {
	n := o.root().get("zone_id")
	key, st := n.ref()
	switch st {
	case absent:
		return nil // an account-level object (an account ruleset)
	case unknown:
		text := o.text("zone_id")
		if text == "" {
			text = "unknown zone"
		}
		key = "?" + text
	}
	return d.zone(key, o.at(""))
}

// at positions a value of o in zone z, with the resource a snapshot would
// give the same object.
func (d *decoder) at(z *zone, o *object, path string, parts ...string) lint.Position {
	p := o.at(path)
	p.SetResource(cloudflare.Resource(z.label(), parts...))
	return p
}

// hostname is a record or load balancer name as Cloudflare stores it:
// "@" is the zone apex, a name not ending in the zone is relative to it.
// Without the zone's name, the name is unknown.
func hostname(z *zone, name string) (string, bool) {
	n := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(name)), ".")
	if z.name == "" {
		return "", false
	}
	switch {
	case n == "@" || n == z.name:
		return z.name, true
	case strings.HasSuffix(n, "."+z.name):
		return n, true
	}
	return n + "." + z.name, true
}

func (d *decoder) record(o *object) {
	z := d.zoneOf(o)
	if z == nil {
		return
	}
	if o.maybe {
		// Records that may or may not exist: none is listed, and a name
		// missing from the zone may be one of them.
		z.partial = true
		d.anyPartial = d.anyPartial || strings.HasPrefix(z.key, "?")
		return
	}
	r := o.root()
	rawName, nst := r.get("name").str()
	name, ok := hostname(z, rawName)
	if nst != known || !ok {
		name = unknownText(o.addr, "name")
		z.partial = true
		if strings.HasPrefix(z.key, "?") {
			d.anyPartial = true // it may be a name of any zone
		}
	}
	typ, _ := r.get("type").str()
	typ = strings.ToUpper(typ)
	content, cst := r.get("content").str()
	if cst == absent {
		content, cst = r.get("value").str() // v4 before content
	}
	if cst != known {
		content = unknownText(o.addr, "content")
	}
	proxied, _ := r.get("proxied").boolean() // unknown or absent: not proxied
	ttl, _ := r.get("ttl").number()
	private, pst := r.get("private_routing").boolean()
	if pst == unknown {
		private = true // a private address may be intended
	}
	z.edge.Records = append(z.edge.Records, &lint.Record{
		Pos: d.at(z, o, "", "dns_records", name), Type: typ, Name: name, Content: content,
		Proxied: proxied, TTL: int(ttl), PrivateRouting: private,
	})
}

// settingsOverride reads v4's cloudflare_zone_settings_override.
func (d *decoder) settingsOverride(o *object) {
	z := d.zoneOf(o)
	if z == nil {
		return
	}
	s := o.root().get("settings").one()
	for _, id := range []string{"ssl", "always_use_https", "proxy_read_timeout", "security_header", "tls_client_auth"} {
		d.setting(z, o, id, s.get(id))
	}
	// v4 only: universal_ssl "on"/"off" (v5 has cloudflare_universal_ssl_setting).
	switch v, st := s.get("universal_ssl").str(); st {
	case known:
		z.edge.UniversalSSL = lint.Explicit(v != "off", d.at(z, o, "settings.universal_ssl", "ssl", "universal")).By("universal_ssl")
	case unknown:
		z.certsUnknown = true
	}
}

// zoneSetting reads v5's cloudflare_zone_setting.
func (d *decoder) zoneSetting(o *object) {
	z := d.zoneOf(o)
	if z == nil {
		return
	}
	r := o.root()
	id, st := r.get("setting_id").str()
	if st != known {
		// Any setting may be this one: the settings read stay as
		// they are, since an unknown setting_id cannot make a rule speak.
		return
	}
	d.setting(z, o, id, r.get("value"))
}

// setting reads one zone setting. An unknown value leaves the setting
// unset; proxy_read_timeout unknown is the longest Cloudflare allows, so
// that no comparison with it can be wrong.
func (d *decoder) setting(z *zone, o *object, id string, v node) {
	if o.maybe && !v.v.IsNull() {
		v = node{v: cty.DynamicVal, path: v.path, o: o} // written, but perhaps never applied
	}
	e := z.edge
	pos := d.at(z, o, v.path, "settings", id)
	switch id {
	case "ssl":
		if s, st := v.str(); st == known {
			e.SSLMode = lint.Explicit(s, pos).By(id)
		}
	case "always_use_https":
		if on, st := v.boolean(); st == known {
			e.AlwaysUseHTTPS = lint.Explicit(on, pos).By(id)
		}
	case "proxy_read_timeout":
		switch secs, st := v.number(); st {
		case known:
			if secs > 0 {
				e.ReadTimeout = lint.Explicit(time.Duration(secs*float64(time.Second)), pos).By(id)
			}
		case unknown:
			e.ReadTimeout = lint.Explicit(maxReadTimeout, pos).By(id)
		}
	case "security_header":
		sts := v.one()
		if inner := sts.get("strict_transport_security"); inner.v.IsKnown() && !inner.v.IsNull() {
			sts = inner.one() // v5: {strict_transport_security = {…}}
		}
		if sts.v.IsNull() {
			return
		}
		h, ok := hsts(sts)
		if ok {
			e.HSTS = lint.Explicit(h, pos).By(id)
		}
	case "tls_client_auth":
		switch on, st := v.boolean(); st {
		case known:
			pullsOn(e, on, pos, id)
		case unknown:
			e.OriginPullsPartial = true
		}
	}
}

// maxReadTimeout is the longest proxy_read_timeout Cloudflare accepts
// (6000 s, Enterprise): an unknown read timeout is taken as it, so a
// finding about a shorter one cannot rest on a guess.
const maxReadTimeout = 6000 * time.Second

func hsts(n node) (lint.HSTS, bool) {
	var h lint.HSTS
	var st state
	if h.Enabled, st = n.get("enabled").boolean(); st == unknown {
		return h, false
	}
	secs, st := n.get("max_age").number()
	if st == unknown {
		return h, false
	}
	h.MaxAge = time.Duration(secs * float64(time.Second))
	h.IncludeSubdomains, _ = n.get("include_subdomains").boolean()
	h.Preload, _ = n.get("preload").boolean()
	h.NoSniff, _ = n.get("nosniff").boolean()
	return h, true
}

// ruleset reads the origin, configuration and cache rules of a zone
// ruleset; other phases have nothing the rules read.
func (d *decoder) ruleset(o *object) {
	r := o.root()
	phase, st := r.get("phase").str()
	if st != known || (phase != cloudflare.PhaseOrigin && phase != cloudflare.PhaseConfig && phase != cloudflare.PhaseCache) {
		return
	}
	z := d.zoneOf(o)
	if z == nil {
		return
	}
	rules, st := r.get("rules").list()
	if st == unknown {
		z.partial = true
		return
	}
	for i, rule := range rules {
		id, _ := rule.get("ref").str()
		if id == "" {
			id, _ = rule.get("id").str()
		}
		if id == "" {
			id = fmt.Sprintf("%s.rules[%d]", o.addr, i)
		}
		pos := d.at(z, o, rule.path, "rulesets", phase, id)
		expr, est := rule.get("expression").str()
		if est != known {
			// A scope no reading of the Rules language can pin down.
			expr = "not (" + unknownText(o.addr, fmt.Sprintf("rules[%d] expression", i)) + ")"
		}
		enabled, enst := rule.get("enabled").boolean()
		if enst == absent {
			enabled = true
		}
		action, _ := rule.get("action").str()
		params := rule.get("action_parameters").one()
		switch phase {
		case cloudflare.PhaseOrigin:
			if action != "route" {
				continue
			}
			or := &lint.OriginRule{Pos: pos, ID: id, Expression: expr, Enabled: enabled || enst == unknown}
			origin := params.get("origin").one()
			var sts [4]state
			or.HostHeader, sts[0] = params.get("host_header").str()
			or.OriginHost, sts[1] = origin.get("host").str()
			port, pst := origin.get("port").number()
			or.OriginPort = int(port)
			or.SNI, sts[2] = params.get("sni").one().get("value").str()
			sts[3] = pst
			for _, s := range sts {
				if s == unknown {
					// Where the rule sends requests is unknown: it may
					// go to another origin, with another Host, on another
					// port, and no finding may assume otherwise.
					or.OriginHost = unknownText(o.addr, fmt.Sprintf("rules[%d] origin", i))
					or.HostHeader, or.SNI = "", ""
					if pst == unknown {
						or.OriginPort = unknownPort
					}
					break
				}
			}
			z.edge.OriginRules = append(z.edge.OriginRules, or)
		case cloudflare.PhaseConfig:
			if action != "set_config" {
				continue
			}
			mode, mst := params.get("ssl").str()
			if mst != known || enst == unknown {
				continue
			}
			z.edge.ConfigRules = append(z.edge.ConfigRules, &lint.ConfigRule{Pos: pos, ID: id, Expression: expr, Enabled: enabled, SSLMode: mode})
		case cloudflare.PhaseCache:
			if action != "set_cache_settings" {
				continue
			}
			secs, tst := params.get("read_timeout").number()
			if tst == unknown {
				secs = maxReadTimeout.Seconds()
			}
			z.edge.CacheRules = append(z.edge.CacheRules, &lint.CacheRule{Pos: pos, ID: id, Expression: expr,
				Enabled: enabled || enst == unknown, ReadTimeout: time.Duration(secs * float64(time.Second))})
		}
	}
}

// unknownPort is an Origin Rule port known only later: not 0, the port
// the zone's SSL mode implies, since it may be any other.
const unknownPort = -1

// certificatePack reads an advanced certificate pack: the hostnames its
// certificate covers.
func (d *decoder) certificatePack(o *object) {
	z := d.zoneOf(o)
	if z == nil {
		return
	}
	hosts, st := o.root().get("hosts").strs()
	if st != known || o.maybe {
		z.certsUnknown = true
		return
	}
	typ, _ := o.root().get("type").str()
	z.edge.EdgeCerts = append(z.edge.EdgeCerts, &lint.EdgeCert{Pos: d.at(z, o, "hosts", "ssl", "certificate_packs", o.addr),
		ID: o.addr, Type: typ, Status: "active", Hosts: hosts})
}

func (d *decoder) pageRule(o *object) {
	z := d.zoneOf(o)
	if z == nil {
		return
	}
	r := o.root()
	target, tst := r.get("target").str()
	status, sst := r.get("status").str()
	priority, pst := r.get("priority").number()
	a := r.get("actions").one()
	pr := &lint.PageRule{Target: target, Enabled: status == "" || status == "active", Priority: int(priority)}
	var ast [5]state
	pr.SSLMode, ast[0] = a.get("ssl").str()
	pr.HostHeader, ast[1] = a.get("host_header_override").str()
	pr.ResolveOverride, ast[2] = a.get("resolve_override").str()
	pr.AlwaysUseHTTPS, ast[3] = a.get("always_use_https").boolean()
	_, ast[4] = a.get("forwarding_url").list()
	pr.Forward = ast[4] != absent
	if tst != known || sst == unknown || pst == unknown || o.maybe {
		// Where the rule applies, or whether it does, is known only
		// later: any request of the zone may take it.
		z.edge.PageRulesUnread = true
		return
	}
	for _, st := range ast {
		if st == unknown {
			z.edge.PageRulesUnread = true
			return
		}
	}
	id, st := wrap(o.id, "", o).str()
	if st != known {
		id = o.addr
	}
	pr.ID = id
	pr.Pos = d.at(z, o, "", "pagerules", id)
	z.edge.PageRules = append(z.edge.PageRules, pr)
}

func (d *decoder) originPulls(o *object) {
	z := d.zoneOf(o)
	if z == nil {
		return
	}
	r := o.root()
	if o.maybe {
		// Written, but perhaps never applied (count, for_each unknown):
		// some hostname may have AOP, or the zone.
		z.edge.OriginPullsPartial = true
		return
	}
	if cfg, st := r.get("config").list(); st != absent {
		// v5: per-hostname settings
		if st == unknown {
			z.edge.OriginPullsPartial = true
		}
		for _, c := range cfg {
			host, hst := c.get("hostname").str()
			on, est := c.get("enabled").boolean()
			switch {
			case hst == known && est == known && on:
				z.edge.OriginPullHosts = append(z.edge.OriginPullHosts, host)
			case hst == unknown || est == unknown:
				z.edge.OriginPullsPartial = true
			}
		}
		return
	}
	on, st := r.get("enabled").boolean()
	if st != known {
		z.edge.OriginPullsPartial = z.edge.OriginPullsPartial || st == unknown
		return
	}
	if host, hst := r.get("hostname").str(); hst != absent {
		switch {
		case hst == known && on:
			z.edge.OriginPullHosts = append(z.edge.OriginPullHosts, host)
		case hst == unknown && on:
			z.edge.OriginPullsPartial = true
		}
		return
	}
	// v4 without a hostname: zone-wide (global or per-zone certificate)
	pullsOn(z.edge, on, d.at(z, o, "enabled", "settings", "tls_client_auth"), "cloudflare_authenticated_origin_pulls")
}

// pullsOn records one zone-wide AOP switch: global (tls_client_auth) and
// zone-level (own certificate) AOP are separate, and Cloudflare presents
// a certificate when either is on, so an "off" never hides an "on" read
// before it.
func pullsOn(e *lint.Edge, on bool, pos lint.Position, by string) {
	if e.OriginPulls.Set && e.OriginPulls.Value && !on {
		return
	}
	e.OriginPulls = lint.Explicit(on, pos).By(by)
}

func (d *decoder) loadBalancer(o *object) {
	z := d.zoneOf(o)
	if z == nil {
		return
	}
	r := o.root()
	rawName, nst := r.get("name").str()
	name, ok := hostname(z, rawName)
	if o.maybe {
		nst = unknown
	}
	enabled, est := r.get("enabled").boolean()
	if est == absent {
		enabled = true
	}
	proxied, pst := r.get("proxied").boolean()
	if nst != known || !ok || est == unknown || pst == unknown {
		// A load balancer whose name or state is unknown may be any
		// hostname's: the zone's load balancers count as unread.
		z.edge.LoadBalancersUnread = true
		if strings.HasPrefix(z.key, "?") {
			d.anyPartial = true
		}
		return
	}
	lb := &lint.LoadBalancer{Pos: d.at(z, o, "", "load_balancers", name), Name: name, Enabled: enabled, Proxied: proxied}
	if id, st := wrap(o.id, "", o).ref(); st == known {
		lb.ID = id
	}
	use := func(id string) {
		for _, p := range z.pools {
			if p == id {
				return
			}
		}
		z.pools = append(z.pools, id)
	}
	// Pool lists that are unknown leave the load balancer with fewer
	// pools to fail over to, never more.
	ids, _ := r.get("default_pool_ids").strsOrRefs()
	if more, _ := r.get("default_pools").strsOrRefs(); len(more) > 0 {
		ids = more
	}
	lb.DefaultPools = ids
	for _, id := range ids {
		use(id)
	}
	for _, attr := range []string{"fallback_pool_id", "fallback_pool"} {
		if id, st := r.get(attr).ref(); st == known {
			lb.FallbackPool = id
			use(id)
		}
	}
	for _, attr := range []string{"region_pools", "pop_pools", "country_pools"} {
		n := r.get(attr)
		if !n.v.IsKnown() || n.v.IsNull() {
			continue
		}
		if !n.v.Type().IsObjectType() && !n.v.Type().IsMapType() {
			blocks, _ := n.list()
			for _, b := range blocks { // v4: region_pools { region = …, pool_ids = […] }
				ids, _ := b.get("pool_ids").strsOrRefs()
				for _, id := range ids {
					use(id)
				}
			}
			continue
		}
		if m, st := n.entries(); st == known { // v5: region_pools = { WNAM = […] }
			for _, v := range m {
				ids, _ := v.strsOrRefs()
				for _, id := range ids {
					use(id)
				}
			}
		}
	}
	z.edge.LoadBalancers = append(z.edge.LoadBalancers, lb)
}

// strsOrRefs reads a list of IDs, known or symbolic; the unknown ones are
// left out.
func (n node) strsOrRefs() ([]string, state) {
	items, st := n.list()
	if st != known {
		return nil, st
	}
	var out []string
	for _, it := range items {
		if s, st := it.ref(); st == known {
			out = append(out, s)
		}
	}
	return out, known
}

// attachPools adds the pools of ids, and the monitors they use, to e.
// A pool (or monitor) with a value the rules read unknown is left out, as
// a snapshot leaves out a pool it could not read: the load balancers
// still name it, so failover counts are kept.
func (d *decoder) attachPools(e *lint.Edge, ids []string, label string, account bool) {
	res := func(parts ...string) string {
		if account {
			return "cloudflare:account/" + label + "/" + strings.Join(parts, "/")
		}
		return cloudflare.Resource(label, parts...)
	}
	var monitors []string
	seenMon := map[string]bool{}
	for _, id := range ids {
		o, ok := d.pools[id]
		if !ok {
			continue
		}
		p, ok := pool(o, id, res)
		if !ok {
			continue
		}
		e.Pools = append(e.Pools, p)
		if p.Monitor != "" && !seenMon[p.Monitor] {
			seenMon[p.Monitor] = true
			monitors = append(monitors, p.Monitor)
		}
	}
	for _, id := range monitors {
		o, ok := d.monitors[id]
		if !ok {
			continue
		}
		if m, ok := monitor(o, id, res); ok {
			e.Monitors = append(e.Monitors, m)
		}
	}
}

func pool(o *object, id string, res func(...string) string) (*lint.Pool, bool) {
	r := o.root()
	name, nst := r.get("name").str()
	enabled, est := r.get("enabled").boolean()
	if est == absent {
		enabled = true
	}
	minimum, mst := r.get("minimum_origins").number()
	if mst == absent {
		minimum = 1
	}
	origins, ost := r.get("origins").list()
	if nst != known || est == unknown || mst == unknown || ost == unknown {
		return nil, false
	}
	at := func(path string, parts ...string) lint.Position {
		p := o.at(path)
		p.SetResource(res(parts...))
		return p
	}
	p := &lint.Pool{Pos: at("", "pools", name), ID: id, Name: name, Enabled: enabled, MinimumOrigins: int(minimum)}
	switch mon, st := r.get("monitor").ref(); st {
	case known:
		p.Monitor = mon
	case unknown:
		p.Monitor = unknownText(o.addr, "monitor") // some monitor: not none
	}
	for _, on := range origins {
		oname, st1 := on.get("name").str()
		addr, st2 := on.get("address").str()
		oen, st3 := on.get("enabled").boolean()
		if st3 == absent {
			oen = true
		}
		port, st4 := on.get("port").number()
		weight, st5 := on.get("weight").number()
		if st5 == absent {
			weight = 1
		}
		host, st6 := originHost(on.get("header"))
		for _, s := range []state{st1, st2, st3, st4, st5, st6} {
			if s == unknown {
				return nil, false
			}
		}
		vnet, st7 := on.get("virtual_network_id").str()
		if st7 == unknown {
			vnet = unknownText(o.addr, "virtual_network_id") // some network: a private address may be intended
		}
		p.Origins = append(p.Origins, lint.PoolOrigin{Pos: at(on.path, "pools", name, "origins", oname), Name: oname,
			Address: addr, Port: int(port), Enabled: oen, Weight: weight, HostHeader: host, VirtualNetwork: vnet})
	}
	return p, true
}

// originHost reads a pool origin's Host header: v4 header { header =
// "Host", values = […] }, v5 header = { host = […] }.
func originHost(h node) (string, state) {
	blocks, st := h.list()
	if st != known {
		return "", st
	}
	for _, b := range blocks {
		if name, st := b.get("header").str(); st != absent {
			if st == unknown {
				return "", unknown
			}
			if strings.EqualFold(name, "host") {
				vals, st := b.get("values").strs()
				if st == unknown || len(vals) == 0 {
					return "", st
				}
				return vals[0], known
			}
			continue
		}
		for _, key := range []string{"host", "Host"} {
			if vals, st := b.get(key).strs(); st != absent {
				if st == unknown || len(vals) == 0 {
					return "", st
				}
				return vals[0], known
			}
		}
	}
	return "", absent
}

func monitor(o *object, id string, res func(...string) string) (*lint.Monitor, bool) {
	r := o.root()
	m := &lint.Monitor{ID: id}
	var sts []state
	str := func(attr, def string) string {
		s, st := r.get(attr).str()
		sts = append(sts, st)
		if st == absent {
			return def
		}
		return s
	}
	num := func(attr string, def float64) float64 {
		f, st := r.get(attr).number()
		sts = append(sts, st)
		if st == absent {
			return def
		}
		return f
	}
	m.Type = str("type", "http")
	m.Method = str("method", "GET")
	m.Path = str("path", "/")
	m.Port = int(num("port", 0))
	m.ExpectedBody = str("expected_body", "")
	m.ExpectedCodes = str("expected_codes", "")
	for _, s := range sts {
		if s == unknown {
			return nil, false
		}
	}
	m.Timeout = time.Duration(num("timeout", 5)) * time.Second
	m.Retries = int(num("retries", 2))
	m.Interval = time.Duration(num("interval", 60)) * time.Second
	m.Header = monitorHeader(r.get("header"))
	m.FollowRedirects, _ = r.get("follow_redirects").boolean()
	m.AllowInsecure, _ = r.get("allow_insecure").boolean()
	m.Pos = o.at("")
	m.Pos.SetResource(res("monitors", id))
	return m, true
}

// monitorHeader reads the headers a monitor sends: v4 header { header =
// "Host", values = […] } blocks, v5 header = { Host = […] }. Unknown
// values are left out.
func monitorHeader(h node) map[string][]string {
	out := map[string][]string{}
	if blocks, st := h.list(); st == known && !h.v.Type().IsObjectType() {
		for _, b := range blocks {
			name, nst := b.get("header").str()
			vals, vst := b.get("values").strs()
			if nst == known && vst == known {
				out[name] = append(out[name], vals...)
			}
		}
	} else if m, st := h.entries(); st == known {
		for name, v := range m {
			if vals, st := v.strs(); st == known {
				out[name] = vals
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// unknownText stands for a text known only after a plan: it names what
// it stands for, matches no hostname, address or server name, and is
// different for every value, so no two unknowns are taken for the same.
func unknownText(addr, what string) string {
	return "(unknown " + what + " of " + addr + ")"
}
