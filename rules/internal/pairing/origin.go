package pairing

import (
	"regexp"
	"sort"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

// Site is an origin site with the config that holds it.
type Site struct {
	Cfg  *lint.Config
	Site *lint.Site
	Idx  int // order across all origin configs (nginx's and Apache's default is the first)
}

// Origin is every complete nginx and Apache config of the run. It is
// built once per run (see Of) and only read afterwards, by rules running
// in parallel.
type Origin struct {
	Sites []Site
	Cfgs  []*lint.Config
	names *nameIndex
	ports map[int]portSites
}

// portSites is what listens on a TCP port: the default site (the one
// marked default, else the first listening) and how many sites listen.
type portSites struct {
	def, first int // site indices, -1 when none
	n          int
}

func loadOrigin(all []*lint.Config) *Origin {
	o := &Origin{}
	for _, c := range all {
		if c.Fragment || (c.Source != lint.Nginx && c.Source != lint.Apache) {
			continue
		}
		o.Cfgs = append(o.Cfgs, c)
		for _, s := range c.Sites {
			o.Sites = append(o.Sites, Site{Cfg: c, Site: s, Idx: len(o.Sites)})
		}
	}
	if len(o.Sites) == 0 {
		return nil
	}
	o.names = indexNames(o.Sites)
	o.ports = map[int]portSites{}
	for i, s := range o.Sites {
		counted := map[int]bool{}
		for _, l := range s.Site.Listeners {
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

// Match, Canon, Hostname and the server-name matching live in lint, where
// the route table reads them too.
type Match = lint.Match

const (
	NoMatch    = lint.NoMatch
	MaybeMatch = lint.MaybeMatch
	YesMatch   = lint.YesMatch
)

// Canon is lint.CanonHost.
func Canon(name string) string { return lint.CanonHost(name) }

func nameMatches(src lint.SourceKind, pattern, host string) Match {
	return lint.ServerNameMatches(src, pattern, host)
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
	at      int
	src     lint.SourceKind
	pattern string
	re      *regexp.Regexp // an nginx regex name, compiled once
	always  Match          // MaybeMatch for a name that cannot be evaluated
}

func (n *siteName) match(host string) Match {
	switch {
	case n.always != NoMatch:
		return n.always
	case n.re != nil:
		if n.re.MatchString(Canon(host)) {
			return YesMatch
		}
		return NoMatch
	}
	return nameMatches(n.src, n.pattern, host)
}

const globMeta = "*?[\\"

func indexNames(sites []Site) *nameIndex {
	ix := &nameIndex{exact: map[string][]*siteName{}, suffix: map[string][]*siteName{}, prefix: map[string][]*siteName{}}
	for i, s := range sites {
		for _, n := range s.Site.Names {
			sn := &siteName{at: i, src: s.Cfg.Source, pattern: n.Value}
			// The same cases, in the same order, as nameMatches.
			p := strings.TrimSpace(n.Value)
			if p == "" || p == "_" {
				continue
			}
			if strings.Contains(p, "$") {
				sn.always = MaybeMatch
				ix.scan = append(ix.scan, sn)
				continue
			}
			if s.Cfg.Source == lint.Nginx {
				if strings.HasPrefix(p, "~") {
					re, err := regexp.Compile("(?i)" + strings.TrimPrefix(p, "~"))
					if err != nil {
						sn.always = MaybeMatch
					}
					sn.re = re
					ix.scan = append(ix.scan, sn)
					continue
				}
				p = Canon(p)
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
			p = Canon(p)
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

// Serving returns the sites that serve host by name (definitely), in
// origin order, and whether some site might (a pattern that could not be
// evaluated).
func (o *Origin) Serving(host string) (sites []Site, maybe bool) {
	ix := o.names
	h := Canon(host)
	best := map[int]Match{}
	try := func(ns []*siteName) {
		for _, n := range ns {
			if m := n.match(host); m > best[n.at] {
				best[n.at] = m
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
		case YesMatch:
			idx = append(idx, i)
		case MaybeMatch:
			maybe = true
		}
	}
	sort.Ints(idx)
	for _, i := range idx {
		sites = append(sites, o.Sites[i])
	}
	return sites, maybe
}

// DefaultSite returns the site that gets requests for an unknown host on
// port: the one marked default for it, else the first listening on it.
func (o *Origin) DefaultSite(port int) (Site, bool) {
	ps, ok := o.ports[port]
	switch {
	case !ok:
		return Site{}, false
	case ps.def >= 0:
		return o.Sites[ps.def], true
	}
	return o.Sites[ps.first], true
}

// SitesOn counts the sites listening on port.
func (o *Origin) SitesOn(port int) int {
	return o.ports[port].n
}

// CatchAll reports whether a site has no real hostname of its own: it
// answers for every host on purpose (server_name _ or none).
func CatchAll(s Site) bool {
	for _, n := range s.Site.Names {
		v := strings.TrimSpace(n.Value)
		if v != "" && v != "_" && v != "localhost" && v != "default" {
			return false
		}
	}
	return true
}

// Hostname is a proxied name of a zone, with what its records point at.
type Hostname = lint.Hostname

func proxiedHostnames(e *lint.Edge) []*Hostname { return e.ProxiedHostnames() }

// Pairing is a zone whose proxied hostnames the origin serves.
type Pairing struct {
	Cfg    *lint.Config
	Edge   *lint.Edge
	Hosts  []*Hostname
	Served map[string][]Site // hostname -> sites serving it by name
	Maybe  map[string]bool   // hostname -> a site might serve it
	// Targets are the addresses and names that served hostnames point at:
	// "the origin" as the zone's DNS sees it.
	Targets map[string]bool
}

type pairingsKey struct{}

type pairingsResult struct {
	o     *Origin
	pairs []*Pairing
}

// Of returns the zones the origin serves at least one hostname of.
// The cross-layer rules run in parallel on the same configs and each
// needs the pairings, whose computation is the expensive part: they are
// computed once per run and shared, so the result must not be modified.
func Of(p *lint.Pass) (*Origin, []*Pairing) {
	r := p.Shared(pairingsKey{}, func() any {
		o, pairs := computePairings(p.All)
		return pairingsResult{o, pairs}
	}).(pairingsResult)
	return r.o, r.pairs
}

func computePairings(all []*lint.Config) (*Origin, []*Pairing) {
	o := loadOrigin(all)
	if o == nil {
		return nil, nil
	}
	var out []*Pairing
	for _, c := range edges(all) {
		p := &Pairing{Cfg: c, Edge: c.Edge, Served: map[string][]Site{}, Maybe: map[string]bool{}, Targets: map[string]bool{}}
		p.Hosts = proxiedHostnames(c.Edge)
		for _, h := range p.Hosts {
			sites, maybe := o.Serving(h.Name)
			if len(sites) > 0 {
				p.Served[h.Name] = sites
				p.Targets[h.Name] = true
				for _, t := range h.Targets {
					p.Targets[t] = true
				}
			}
			if maybe {
				p.Maybe[h.Name] = true
			}
		}
		if len(p.Served) > 0 {
			out = append(out, p)
		}
	}
	return o, out
}

// PointsAtOrigin reports whether a hostname's records lead where the
// served hostnames' records lead.
func (p *Pairing) PointsAtOrigin(h *Hostname) bool {
	for _, t := range h.Targets {
		if p.Targets[t] {
			return true
		}
	}
	return false
}

// Directive returns a directive of an origin config uses one of names.
func (o *Origin) Directive(names ...string) *lint.Directive {
	for _, c := range o.Cfgs {
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

// ServedSites returns the distinct sites serving the pairing's hostnames,
// in origin order, each with the first hostname that reaches it.
func (p *Pairing) ServedSites() ([]Site, map[*lint.Site]string) {
	seen := map[*lint.Site]string{}
	var out []Site
	for _, h := range p.Hosts {
		for _, s := range p.Served[h.Name] {
			if _, ok := seen[s.Site]; !ok {
				seen[s.Site] = h.Name
				out = append(out, s)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Idx < out[j].Idx })
	return out, seen
}

// Direct reports whether the zone reaches the loaded servers without an
// intermediary: every served hostname resolves through A/AAAA records (or
// CNAMEs inside the zone) or pool origins given as addresses. A CNAME to a
// name outside the zone usually means a load balancer or platform in
// between (an AWS ALB terminating TLS in front of nginx on port 80); then
// the origin's listeners, allowlists and keep-alive face that intermediary,
// not Cloudflare, and the rules about them stay quiet.
func (p *Pairing) Direct() bool {
	zone := Canon(p.Edge.Zone)
	inZone := func(t string) bool { return t == zone || strings.HasSuffix(t, "."+zone) }
	for _, h := range p.Hosts {
		if _, ok := p.Served[h.Name]; !ok {
			continue
		}
		if h.LB != nil {
			for _, pool := range p.Edge.Pools {
				if !usesPool(h.LB, pool.ID) {
					continue
				}
				for _, o := range pool.Origins {
					if o.Enabled && !lint.IsIP(o.Address) && !inZone(Canon(o.Address)) {
						return false
					}
				}
			}
			continue
		}
		for _, t := range h.Targets {
			if !lint.IsIP(t) && !inZone(t) {
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
