package crosslayer

import (
	"net/netip"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

// site is an origin site with the config that holds it.
type site struct {
	cfg  *lint.Config
	site *lint.Site
	idx  int // order across all origin configs (nginx's and Apache's default is the first)
}

// origin is every complete nginx and Apache config of the run. It is
// built once per run (see pairings) and only read afterwards, by rules
// running in parallel.
type origin struct {
	sites []site
	cfgs  []*lint.Config
	names *nameIndex
	ports map[int]portSites
}

// portSites is what listens on a TCP port: the default site (the one
// marked default, else the first listening) and how many sites listen.
type portSites struct {
	def, first int // site indices, -1 when none
	n          int
}

func loadOrigin(all []*lint.Config) *origin {
	o := &origin{}
	for _, c := range all {
		if c.Fragment || (c.Source != lint.Nginx && c.Source != lint.Apache) {
			continue
		}
		o.cfgs = append(o.cfgs, c)
		for _, s := range c.Sites {
			o.sites = append(o.sites, site{cfg: c, site: s, idx: len(o.sites)})
		}
	}
	if len(o.sites) == 0 {
		return nil
	}
	o.names = indexNames(o.sites)
	o.ports = map[int]portSites{}
	for i, s := range o.sites {
		counted := map[int]bool{}
		for _, l := range s.site.Listeners {
			if l.Unix != "" {
				continue
			}
			ps, ok := o.ports[l.Port]
			if !ok {
				ps = portSites{def: -1, first: -1}
			}
			if l.Default && ps.def < 0 {
				ps.def = i
			}
			if ps.first < 0 {
				ps.first = i
			}
			if !counted[l.Port] {
				counted[l.Port] = true
				ps.n++
			}
			o.ports[l.Port] = ps
		}
	}
	return o
}

func edges(all []*lint.Config) []*lint.Config {
	var out []*lint.Config
	for _, c := range all {
		if c.Source == lint.Cloudflare && c.Edge != nil && !c.Edge.Paused {
			out = append(out, c)
		}
	}
	return out
}

type match int

const (
	noMatch match = iota
	maybeMatch
	yesMatch
)

func canon(name string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(name)), ".")
}

// nameMatches applies nginx server_name or Apache ServerName/ServerAlias
// matching. A pattern it cannot evaluate (a regex Go does not accept, a
// variable) is a maybe, so callers can stay quiet.
func nameMatches(src lint.SourceKind, pattern, host string) match {
	p := strings.TrimSpace(pattern)
	host = canon(host)
	if p == "" || p == "_" {
		return noMatch
	}
	if strings.Contains(p, "$") {
		return maybeMatch
	}
	if src == lint.Nginx {
		if strings.HasPrefix(p, "~") {
			re, err := regexp.Compile("(?i)" + strings.TrimPrefix(p, "~"))
			if err != nil {
				return maybeMatch
			}
			if re.MatchString(host) {
				return yesMatch
			}
			return noMatch
		}
		p = canon(p)
		switch {
		case strings.HasPrefix(p, "."):
			if host == p[1:] || strings.HasSuffix(host, p) {
				return yesMatch
			}
		case strings.HasPrefix(p, "*."):
			if strings.HasSuffix(host, p[1:]) {
				return yesMatch
			}
		case strings.HasSuffix(p, ".*"):
			if strings.HasPrefix(host, p[:len(p)-1]) {
				return yesMatch
			}
		case p == host:
			return yesMatch
		}
		return noMatch
	}
	// Apache: names and aliases are case-insensitive and may hold * and ?.
	p = canon(p)
	if ok, err := path.Match(p, host); err == nil && ok {
		return yesMatch
	} else if err != nil {
		return maybeMatch
	}
	// path.Match's * stops at '/', never at '.', which is what Apache does.
	return noMatch
}

// nameIndex finds the sites whose names match a hostname without trying
// every name of every site: exact names are looked up in a map, wildcard
// names by the suffix or prefix they fix, and only regexes and unusual
// patterns are tried one by one. Every candidate is confirmed with the
// same matching as nameMatches, so the index only narrows the search.
type nameIndex struct {
	exact  map[string][]*siteName // canonical name
	suffix map[string][]*siteName // the part after a leading * (or the whole .name)
	prefix map[string][]*siteName // the part before a trailing *
	scan   []*siteName
}

// siteName is one server name of a site, ready to match.
type siteName struct {
	site    int
	src     lint.SourceKind
	pattern string
	re      *regexp.Regexp // an nginx regex name, compiled once
	always  match          // maybeMatch for a name that cannot be evaluated
}

func (n *siteName) match(host string) match {
	switch {
	case n.always != noMatch:
		return n.always
	case n.re != nil:
		if n.re.MatchString(canon(host)) {
			return yesMatch
		}
		return noMatch
	}
	return nameMatches(n.src, n.pattern, host)
}

const globMeta = "*?[\\"

func indexNames(sites []site) *nameIndex {
	ix := &nameIndex{exact: map[string][]*siteName{}, suffix: map[string][]*siteName{}, prefix: map[string][]*siteName{}}
	for i, s := range sites {
		for _, n := range s.site.Names {
			sn := &siteName{site: i, src: s.cfg.Source, pattern: n.Value}
			// The same cases, in the same order, as nameMatches.
			p := strings.TrimSpace(n.Value)
			if p == "" || p == "_" {
				continue
			}
			if strings.Contains(p, "$") {
				sn.always = maybeMatch
				ix.scan = append(ix.scan, sn)
				continue
			}
			if s.cfg.Source == lint.Nginx {
				if strings.HasPrefix(p, "~") {
					re, err := regexp.Compile("(?i)" + strings.TrimPrefix(p, "~"))
					if err != nil {
						sn.always = maybeMatch
					}
					sn.re = re
					ix.scan = append(ix.scan, sn)
					continue
				}
				p = canon(p)
				switch {
				case strings.HasPrefix(p, "."):
					ix.exact[p[1:]] = append(ix.exact[p[1:]], sn)
					ix.suffix[p] = append(ix.suffix[p], sn)
				case strings.HasPrefix(p, "*."):
					ix.suffix[p[1:]] = append(ix.suffix[p[1:]], sn)
				case strings.HasSuffix(p, ".*"):
					ix.prefix[p[:len(p)-1]] = append(ix.prefix[p[:len(p)-1]], sn)
				default:
					ix.exact[p] = append(ix.exact[p], sn)
				}
				continue
			}
			p = canon(p)
			switch {
			case !strings.ContainsAny(p, globMeta):
				ix.exact[p] = append(ix.exact[p], sn) // path.Match is then equality
			case p[0] == '*' && !strings.ContainsAny(p[1:], globMeta):
				ix.suffix[p[1:]] = append(ix.suffix[p[1:]], sn)
			default:
				ix.scan = append(ix.scan, sn)
			}
		}
	}
	return ix
}

// serving returns the sites that serve host by name (definitely), in
// origin order, and whether some site might (a pattern that could not be
// evaluated).
func (o *origin) serving(host string) (sites []site, maybe bool) {
	ix := o.names
	h := canon(host)
	best := map[int]match{}
	try := func(ns []*siteName) {
		for _, n := range ns {
			if m := n.match(host); m > best[n.site] {
				best[n.site] = m
			}
		}
	}
	try(ix.exact[h])
	for i := 0; i <= len(h); i++ {
		try(ix.suffix[h[i:]])
		try(ix.prefix[h[:i]])
	}
	try(ix.scan)
	var idx []int
	for i, m := range best {
		switch m {
		case yesMatch:
			idx = append(idx, i)
		case maybeMatch:
			maybe = true
		}
	}
	sort.Ints(idx)
	for _, i := range idx {
		sites = append(sites, o.sites[i])
	}
	return sites, maybe
}

// defaultSite returns the site that gets requests for an unknown host on
// port: the one marked default for it, else the first listening on it.
func (o *origin) defaultSite(port int) (site, bool) {
	ps, ok := o.ports[port]
	switch {
	case !ok:
		return site{}, false
	case ps.def >= 0:
		return o.sites[ps.def], true
	}
	return o.sites[ps.first], true
}

// catchAll reports whether a site has no real hostname of its own: it
// answers for every host on purpose (server_name _ or none).
func catchAll(s site) bool {
	for _, n := range s.site.Names {
		v := strings.TrimSpace(n.Value)
		if v != "" && v != "_" && v != "localhost" && v != "default" {
			return false
		}
	}
	return true
}

// hostname is a proxied name of a zone, with what its records point at.
type hostname struct {
	name    string
	pos     lint.Position
	targets []string // A/AAAA addresses and CNAME targets, canonical
	lb      *lint.LoadBalancer
}

// proxiedHostnames lists the zone's proxied names (A, AAAA, CNAME records
// and proxied load balancers), wildcards excluded, sorted by name.
func proxiedHostnames(e *lint.Edge) []*hostname {
	byName := map[string]*hostname{}
	get := func(name string, pos lint.Position) *hostname {
		n := canon(name)
		h, ok := byName[n]
		if !ok {
			h = &hostname{name: n, pos: pos}
			byName[n] = h
		}
		return h
	}
	for _, r := range e.Records {
		if !r.Proxied || strings.HasPrefix(r.Name, "*") {
			continue
		}
		switch r.Type {
		case "A", "AAAA", "CNAME":
			h := get(r.Name, r.Pos)
			h.targets = append(h.targets, canon(r.Content))
		}
	}
	for _, lb := range e.LoadBalancers {
		if !lb.Proxied || !lb.Enabled || strings.HasPrefix(lb.Name, "*") {
			continue
		}
		h := get(lb.Name, lb.Pos)
		h.lb = lb
		h.pos = lb.Pos // a load balancer takes precedence over records of the same name
	}
	out := make([]*hostname, 0, len(byName))
	for _, h := range byName {
		out = append(out, h)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// pairing is a zone whose proxied hostnames the origin serves.
type pairing struct {
	cfg    *lint.Config
	edge   *lint.Edge
	hosts  []*hostname
	served map[string][]site // hostname -> sites serving it by name
	maybe  map[string]bool   // hostname -> a site might serve it
	// targets are the addresses and names that served hostnames point at:
	// "the origin" as the zone's DNS sees it.
	targets map[string]bool
}

type pairingsKey struct{}

type pairingsResult struct {
	o     *origin
	pairs []*pairing
}

// pairings returns the zones the origin serves at least one hostname of.
// The seven cross-layer rules run in parallel on the same configs and each
// needs the pairings, whose computation is the expensive part: they are
// computed once per run and shared, so the result must not be modified.
func pairings(p *lint.Pass) (*origin, []*pairing) {
	r := p.Shared(pairingsKey{}, func() any {
		o, pairs := computePairings(p.All)
		return pairingsResult{o, pairs}
	}).(pairingsResult)
	return r.o, r.pairs
}

func computePairings(all []*lint.Config) (*origin, []*pairing) {
	o := loadOrigin(all)
	if o == nil {
		return nil, nil
	}
	var out []*pairing
	for _, c := range edges(all) {
		p := &pairing{cfg: c, edge: c.Edge, served: map[string][]site{}, maybe: map[string]bool{}, targets: map[string]bool{}}
		p.hosts = proxiedHostnames(c.Edge)
		for _, h := range p.hosts {
			sites, maybe := o.serving(h.name)
			if len(sites) > 0 {
				p.served[h.name] = sites
				p.targets[h.name] = true
				for _, t := range h.targets {
					p.targets[t] = true
				}
			}
			if maybe {
				p.maybe[h.name] = true
			}
		}
		if len(p.served) > 0 {
			out = append(out, p)
		}
	}
	return o, out
}

// pointsAtOrigin reports whether a hostname's records lead where the
// served hostnames' records lead.
func (p *pairing) pointsAtOrigin(h *hostname) bool {
	for _, t := range h.targets {
		if p.targets[t] {
			return true
		}
	}
	return false
}

// directive reports whether any origin config uses one of names.
func (o *origin) directive(names ...string) *lint.Directive {
	for _, c := range o.cfgs {
		for _, d := range c.Directives {
			for _, n := range names {
				if strings.EqualFold(d.Name, n) {
					return d
				}
			}
		}
	}
	return nil
}

// servedSites returns the distinct sites serving the pairing's hostnames,
// in origin order, each with the first hostname that reaches it.
func (p *pairing) servedSites() ([]site, map[*lint.Site]string) {
	seen := map[*lint.Site]string{}
	var out []site
	for _, h := range p.hosts {
		for _, s := range p.served[h.name] {
			if _, ok := seen[s.site]; !ok {
				seen[s.site] = h.name
				out = append(out, s)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].idx < out[j].idx })
	return out, seen
}

// direct reports whether the zone reaches the loaded servers without an
// intermediary: every served hostname resolves through A/AAAA records (or
// CNAMEs inside the zone) or pool origins given as addresses. A CNAME to a
// name outside the zone usually means a load balancer or platform in
// between (an AWS ALB terminating TLS in front of nginx on port 80); then
// the origin's listeners, allowlists and keep-alive face that intermediary,
// not Cloudflare, and the rules about them stay quiet.
func (p *pairing) direct() bool {
	zone := canon(p.edge.Zone)
	inZone := func(t string) bool { return t == zone || strings.HasSuffix(t, "."+zone) }
	for _, h := range p.hosts {
		if _, ok := p.served[h.name]; !ok {
			continue
		}
		if h.lb != nil {
			for _, pool := range p.edge.Pools {
				if !usesPool(h.lb, pool.ID) {
					continue
				}
				for _, o := range pool.Origins {
					if o.Enabled && !isIP(o.Address) && !inZone(canon(o.Address)) {
						return false
					}
				}
			}
			continue
		}
		for _, t := range h.targets {
			if !isIP(t) && !inZone(t) {
				return false
			}
		}
	}
	return true
}

func usesPool(lb *lint.LoadBalancer, id string) bool {
	if lb.FallbackPool == id {
		return true
	}
	for _, d := range lb.DefaultPools {
		if d == id {
			return true
		}
	}
	return false
}

func isIP(s string) bool {
	_, err := netip.ParseAddr(s)
	return err == nil
}
