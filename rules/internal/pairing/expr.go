package pairing

import (
	"regexp"
	"strings"
)

// Scope is what a rule expression restricts, as far as a small reading of
// the Rules language can tell. Hosts nil means any host; Paths nil means
// any path. Known is false when the expression uses something this reading
// does not understand (or, not, other fields for the host or path): then
// the rule may or may not apply and callers must not rely on either.
type Scope struct {
	Hosts []string
	Paths []string // path prefixes
	Known bool
}

var (
	hostEqRE   = regexp.MustCompile(`http\.host\s+(?:eq|==)\s+"([^"]*)"`)
	hostInRE   = regexp.MustCompile(`http\.host\s+in\s+\{([^}]*)\}`)
	quotedRE   = regexp.MustCompile(`"([^"]*)"`)
	pathStart  = regexp.MustCompile(`starts_with\(\s*http\.request\.uri\.path\s*,\s*"([^"]*)"\s*\)`)
	pathEqRE   = regexp.MustCompile(`http\.request\.uri\.path\s+(?:eq|==)\s+"([^"]*)"`)
	pathWildRE = regexp.MustCompile(`http\.request\.uri\.path\s+(?:wildcard|strict wildcard)\s+"([^"*]*)\*"`)
	pathMatch  = regexp.MustCompile(`http\.request\.uri\.path\s+(?:matches|~)\s+"\^([^"\\.*+?()\[\]{}|$^]*)`)
	orNotRE    = regexp.MustCompile(`(?i)(\bor\b|\|\||\bnot\b|!\s*[a-z(]|\bxor\b|\^\^)`)
)

// ParseScope reads a rule expression. "true" (every request) has no
// restrictions.
func ParseScope(expr string) Scope {
	e := strings.TrimSpace(expr)
	if e == "" || e == "true" || e == "(true)" {
		return Scope{Known: true}
	}
	s := Scope{Known: true}
	if orNotRE.MatchString(e) {
		s.Known = false
	}
	rest := e
	for _, m := range hostEqRE.FindAllStringSubmatch(e, -1) {
		s.Hosts = append(s.Hosts, Canon(m[1]))
	}
	rest = hostEqRE.ReplaceAllString(rest, "")
	for _, m := range hostInRE.FindAllStringSubmatch(e, -1) {
		for _, q := range quotedRE.FindAllStringSubmatch(m[1], -1) {
			s.Hosts = append(s.Hosts, Canon(q[1]))
		}
	}
	rest = hostInRE.ReplaceAllString(rest, "")
	for _, re := range []*regexp.Regexp{pathStart, pathEqRE, pathWildRE, pathMatch} {
		for _, m := range re.FindAllStringSubmatch(rest, -1) {
			s.Paths = append(s.Paths, m[1])
		}
		rest = re.ReplaceAllString(rest, "")
	}
	// Anything else about the host or path is a condition we cannot read.
	if strings.Contains(rest, "http.host") || strings.Contains(rest, "http.request.uri") ||
		strings.Contains(rest, "http.request.full_uri") {
		s.Known = false
	}
	return s
}

// CoversHost reports whether the scope applies to host: yes, no, or maybe.
func (s Scope) CoversHost(host string) Match {
	if s.Hosts == nil {
		if s.Known {
			return YesMatch
		}
		return MaybeMatch
	}
	for _, h := range s.Hosts {
		if h == Canon(host) {
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
func (s Scope) CoversPath(loc string) Match {
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
