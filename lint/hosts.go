package lint

import (
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// The matching below is how a CDN zone meets the origin behind it: which
// server names serve a hostname, which hostnames a zone proxies, and the
// small part of the Rules language that tells which hostnames and paths a
// zone rule applies to. The cross-layer rules (rules/internal/pairing) and
// the route table (internal/routes) both read it.

// Match is a three-way answer: a name or rule that cannot be evaluated
// is a maybe, on which callers stay quiet.
type Match int

const (
	NoMatch Match = iota
	MaybeMatch
	YesMatch
)

// CanonHost is a hostname as DNS compares it: lower case, without the
// root's trailing dot.
func CanonHost(name string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(name)), ".")
}

// ServerNameMatches applies nginx server_name or Apache ServerName/ServerAlias
// matching. A pattern it cannot evaluate (a regex Go does not accept, a
// variable) is a maybe, so callers can stay quiet.
func ServerNameMatches(src SourceKind, pattern, host string) Match {
	p := strings.TrimSpace(pattern)
	host = CanonHost(host)
	if p == "" || p == "_" {
		return NoMatch
	}
	if strings.Contains(p, "$") {
		return MaybeMatch
	}
	if src == Nginx {
		if strings.HasPrefix(p, "~") {
			re, err := regexp.Compile("(?i)" + strings.TrimPrefix(p, "~"))
			if err != nil {
				return MaybeMatch
			}
			if re.MatchString(host) {
				return YesMatch
			}
			return NoMatch
		}
		p = CanonHost(p)
		switch {
		case strings.HasPrefix(p, "."):
			if host == p[1:] || strings.HasSuffix(host, p) {
				return YesMatch
			}
		case strings.HasPrefix(p, "*."):
			if strings.HasSuffix(host, p[1:]) {
				return YesMatch
			}
		case strings.HasSuffix(p, ".*"):
			if strings.HasPrefix(host, p[:len(p)-1]) {
				return YesMatch
			}
		case p == host:
			return YesMatch
		}
		return NoMatch
	}
	// Apache: names and aliases are case-insensitive and may hold * and ?.
	p = CanonHost(p)
	if ok, err := path.Match(p, host); err == nil && ok {
		return YesMatch
	} else if err != nil {
		return MaybeMatch
	}
	// path.Match's * stops at '/', never at '.', which is what Apache does.
	return NoMatch
}

// Hostname is a proxied name of a zone, with what its records point at.
type Hostname struct {
	Name    string
	Pos     Position
	Targets []string // A/AAAA addresses and CNAME targets, canonical
	LB      *LoadBalancer
}

// ProxiedHostnames lists the zone's proxied names (A, AAAA, CNAME records
// and proxied load balancers), wildcards excluded, sorted by name.
func (e *Edge) ProxiedHostnames() []*Hostname {
	byName := map[string]*Hostname{}
	get := func(name string, pos Position) *Hostname {
		n := CanonHost(name)
		h, ok := byName[n]
		if !ok {
			h = &Hostname{Name: n, Pos: pos}
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
			h.Targets = append(h.Targets, CanonHost(r.Content))
		}
	}
	for _, lb := range e.LoadBalancers {
		if !lb.Proxied || !lb.Enabled || strings.HasPrefix(lb.Name, "*") {
			continue
		}
		h := get(lb.Name, lb.Pos)
		h.LB = lb
		h.Pos = lb.Pos // a load balancer takes precedence over records of the same name
	}
	out := make([]*Hostname, 0, len(byName))
	for _, h := range byName {
		out = append(out, h)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// ExprScope is what a rule expression restricts, as far as a small reading of
// the Rules language can tell. Hosts nil means any host; Paths nil means
// any path. Known is false when the expression uses something this reading
// does not understand (or, not, other fields for the host or path): then
// the rule may or may not apply and callers must not rely on either.
type ExprScope struct {
	Hosts []string
	Paths []string // path prefixes
	Known bool
}

// exprREs are the patterns ParseExprScope reads Cloudflare expressions
// with, compiled on first use: only Cloudflare sources need them, and
// compiling them at package init would cost every command.
var exprREs = sync.OnceValue(func() (r struct {
	hostEq, hostIn, quoted, orNot *regexp.Regexp
	paths                         []*regexp.Regexp
}) {
	r.hostEq = regexp.MustCompile(`http\.host\s+(?:eq|==)\s+"([^"]*)"`)
	r.hostIn = regexp.MustCompile(`http\.host\s+in\s+\{([^}]*)\}`)
	r.quoted = regexp.MustCompile(`"([^"]*)"`)
	r.orNot = regexp.MustCompile(`(?i)(\bor\b|\|\||\bnot\b|!\s*[a-z(]|\bxor\b|\^\^)`)
	r.paths = []*regexp.Regexp{
		regexp.MustCompile(`starts_with\(\s*http\.request\.uri\.path\s*,\s*"([^"]*)"\s*\)`),
		regexp.MustCompile(`http\.request\.uri\.path\s+(?:eq|==)\s+"([^"]*)"`),
		regexp.MustCompile(`http\.request\.uri\.path\s+(?:wildcard|strict wildcard)\s+"([^"*]*)\*"`),
		regexp.MustCompile(`http\.request\.uri\.path\s+(?:matches|~)\s+"\^([^"\\.*+?()\[\]{}|$^]*)`),
	}
	return r
})

// ParseExprScope reads a rule expression. "true" (every request) has no
// restrictions.
func ParseExprScope(expr string) ExprScope {
	e := strings.TrimSpace(expr)
	if e == "" || e == "true" || e == "(true)" {
		return ExprScope{Known: true}
	}
	s := ExprScope{Known: true}
	re := exprREs()
	if re.orNot.MatchString(e) {
		s.Known = false
	}
	rest := e
	for _, m := range re.hostEq.FindAllStringSubmatch(e, -1) {
		s.Hosts = append(s.Hosts, CanonHost(m[1]))
	}
	rest = re.hostEq.ReplaceAllString(rest, "")
	for _, m := range re.hostIn.FindAllStringSubmatch(e, -1) {
		for _, q := range re.quoted.FindAllStringSubmatch(m[1], -1) {
			s.Hosts = append(s.Hosts, CanonHost(q[1]))
		}
	}
	rest = re.hostIn.ReplaceAllString(rest, "")
	for _, p := range re.paths {
		for _, m := range p.FindAllStringSubmatch(rest, -1) {
			s.Paths = append(s.Paths, m[1])
		}
		rest = p.ReplaceAllString(rest, "")
	}
	// Anything else about the host or path is a condition we cannot read.
	if strings.Contains(rest, "http.host") || strings.Contains(rest, "http.request.uri") ||
		strings.Contains(rest, "http.request.full_uri") {
		s.Known = false
	}
	return s
}

// CoversHost reports whether the scope applies to host: yes, no, or maybe.
func (s ExprScope) CoversHost(host string) Match {
	if s.Hosts == nil {
		if s.Known {
			return YesMatch
		}
		return MaybeMatch
	}
	for _, h := range s.Hosts {
		if h == CanonHost(host) {
			if s.Known {
				return YesMatch
			}
			return MaybeMatch
		}
	}
	if s.Known {
		return NoMatch
	}
	return MaybeMatch
}

// CoversPath reports whether the scope applies to every request of an
// origin location with literal prefix loc (yes), to none (no) or to some
// or unknown (maybe). loc "" means the whole site.
func (s ExprScope) CoversPath(loc string) Match {
	if !s.Known {
		return MaybeMatch
	}
	if s.Paths == nil {
		return YesMatch
	}
	res := NoMatch
	for _, p := range s.Paths {
		switch {
		case p == "" || (loc != "" && strings.HasPrefix(loc, p)):
			return YesMatch
		case strings.HasPrefix(p, loc) || loc == "":
			res = MaybeMatch // the rule covers part of the location
		}
	}
	return res
}

// LocationPrefix returns the literal prefix an nginx location or Apache
// path matches, or ok=false for a regex.
func LocationPrefix(match string) (string, bool) {
	m := strings.TrimSpace(match)
	switch {
	case m == "":
		return "", true
	case strings.HasPrefix(m, "= "):
		return strings.TrimSpace(m[2:]), true
	case strings.HasPrefix(m, "^~ "):
		return strings.TrimSpace(m[3:]), true
	case strings.HasPrefix(m, "~"), strings.HasPrefix(m, "@"):
		return "", false
	case strings.HasPrefix(m, "/"):
		return m, true
	}
	return "", false
}
