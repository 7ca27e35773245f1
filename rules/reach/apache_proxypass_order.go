package reach

import (
	_ "embed"
	"fmt"
	"regexp/syntax"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

//go:embed docs/apache-proxypass-shadowed.md
var proxyPassShadowedDoc string

// ApacheProxyPassShadowed: mod_proxy tries the server-level ProxyPass and
// ProxyPassMatch lines in configuration order and the first match wins; a
// ProxyPass inside <Location> is tried before all of them, and of several
// <Location> sections that match, the last one's ProxyPass wins (section
// merging). A line that an earlier (or, for <Location>, a later) one
// covers entirely never applies. Only lines of the same server (the main
// server, or one <VirtualHost>) are compared: how the main server's lines
// merge into a virtual host's is not something the rule needs to guess.
var ApacheProxyPassShadowed = &lint.Rule{
	ID:       "EL1103",
	Name:     "apache-proxypass-shadowed",
	Category: lint.CategoryReachability,
	Title:    "ProxyPass that an earlier line, or a `<Location>` ProxyPass, always matches first",
	Doc:      proxyPassShadowedDoc,
	Severity: lint.Warning,
	Sources:  []lint.SourceKind{lint.Apache},
	Check:    checkProxyPassShadowed,
}

func checkProxyPassShadowed(p *lint.Pass) error {
	passes := apachePasses(p.Config)
	byScope := map[*lint.Directive][]apachePass{}
	var scopes []*lint.Directive
	for _, a := range passes {
		if _, ok := byScope[a.scope]; !ok {
			scopes = append(scopes, a.scope)
		}
		byScope[a.scope] = append(byScope[a.scope], a)
	}
	for _, sc := range scopes {
		shadowedInScope(p, byScope[sc])
	}
	return nil
}

// shadowedInScope reports the dead lines of one server.
func shadowedInScope(p *lint.Pass, passes []apachePass) {
	var server, locs []apachePass
	for _, a := range passes {
		if a.loc == nil {
			server = append(server, a)
		} else {
			locs = append(locs, a)
		}
	}
	// <Location> form: a later ProxyPass in the same section replaces an
	// earlier one; a later <Location> that matches every request of an
	// earlier one overrides its ProxyPass when the sections merge.
	for i, l := range locs {
		for _, later := range locs[i+1:] {
			if later.loc == l.loc {
				p.Report(l.pos(), fmt.Sprintf("%s never applies: the later %s in the same <%s> replaces it (one ProxyPass per <Location>, the last one wins) → %s",
					l.text(), later.d.Name+" "+later.target, l.loc.Name, effect(l, later)), lint.Related{Pos: later.pos(), Message: "the ProxyPass that replaces it"})
				break
			}
			if !later.regex && !l.regex && prefixCovers(later.path, l.path) && !redundant(l, later) {
				p.Report(l.pos(), fmt.Sprintf("%s never applies: the later <%s %s> also matches every request for %s and its ProxyPass wins (of several matching <Location> sections the last one's ProxyPass applies) → %s",
					l.text(), later.loc.Name, strings.Join(later.loc.Args, " "), l.path, effect(l, later)), lint.Related{Pos: later.pos(), Message: "the ProxyPass that wins"})
				break
			}
		}
	}
	for i, s := range server {
		reported := false
		for _, earlier := range server[:i] {
			if covers(earlier, s) && !redundant(s, earlier) {
				p.Report(s.pos(), fmt.Sprintf("%s never applies: %s above it matches every request %s first (ProxyPass and ProxyPassMatch are tried in configuration order and the first match wins) → %s",
					s.text(), earlier.text(), requests(s), effect(s, earlier)), lint.Related{Pos: earlier.pos(), Message: "the line that matches first"})
				reported = true
				break
			}
		}
		if reported {
			continue
		}
		for _, l := range locs {
			if !l.regex && covers(l, s) && !redundant(s, l) {
				p.Report(s.pos(), fmt.Sprintf("%s never applies: <%s %s> holds %s, which matches every request %s, and a ProxyPass inside <Location> is tried before every ProxyPass outside it → %s",
					s.text(), l.loc.Name, strings.Join(l.loc.Args, " "), l.d.Name+" "+l.target, requests(s), effect(s, l)), lint.Related{Pos: l.pos(), Message: "the ProxyPass that is tried first"})
				break
			}
		}
	}
}

// requests names the requests a line is meant for.
func requests(a apachePass) string {
	if a.regex {
		return "matching " + a.path
	}
	return "for " + a.path
}

// effect says what happens to the requests a dead line was meant for.
func effect(dead, wins apachePass) string {
	what := "requests " + requests(dead)
	switch {
	case wins.exclusion():
		return what + " are not proxied at all: httpd serves them itself (usually 404)"
	case dead.exclusion():
		return what + " are proxied to " + wins.target + " instead of being served by httpd"
	case sameMapping(dead, wins):
		return what + " reach the same URL through the other line, without this line's " + strings.Join(dead.params, " ")
	}
	return what + " go to " + wins.target + ", never to " + dead.target
}

// redundant reports a dead line whose loss changes nothing: both exclude,
// or both send the requests to the same URL and the dead one sets no
// parameters of its own.
func redundant(dead, wins apachePass) bool {
	if dead.exclusion() || wins.exclusion() {
		return dead.exclusion() && wins.exclusion()
	}
	return sameMapping(dead, wins) && len(dead.params) == 0
}

// sameMapping reports two prefix lines that send a request for the dead
// line's path to the same URL: wins's URL with the rest of the path after
// wins's prefix is the dead line's URL.
func sameMapping(dead, wins apachePass) bool {
	if dead.regex || wins.regex || dead.exclusion() || wins.exclusion() {
		return false
	}
	dp, wp := collapseSlashes(dead.path), collapseSlashes(wins.path)
	if !strings.HasPrefix(dp, wp) {
		return false
	}
	return strings.TrimSuffix(wins.target+dp[len(wp):], "/") == strings.TrimSuffix(dead.target, "/")
}

// covers reports whether every request line b matches is matched by line
// a, as far as is certain. Lines with mapping= (servlet or encoded
// matching) are left alone.
func covers(a, b apachePass) bool {
	if hasParam(a, "mapping") || hasParam(b, "mapping") {
		return false
	}
	if !a.regex {
		pa := collapseSlashes(a.path)
		if pa == "/" {
			return true
		}
		if !b.regex {
			return prefixCovers(pa, b.path)
		}
		if !b.leadOK || !b.anchored {
			return false
		}
		// b's matches start with lit, and may continue right after it.
		lit := collapseSlashes(b.lead)
		return strings.HasPrefix(lit, pa) && (strings.HasSuffix(pa, "/") || boundaryAfter(lit, pa))
	}
	lit, plus := a.catchLit, a.catchPlus
	if !a.catchAll {
		return false
	}
	want := collapseSlashes(b.path)
	if b.regex {
		if !b.leadOK || !b.anchored {
			return lit == "" && !plus
		}
		want = b.lead
	}
	if lit == "" && !plus {
		return true
	}
	if !strings.HasPrefix(want, lit) {
		return false
	}
	return !plus || len(want) > len(lit)
}

// boundaryAfter reports whether s continues after prefix with a '/',
// so a segment-wise prefix match of prefix holds for every string that
// starts with s.
func boundaryAfter(s, prefix string) bool {
	return len(s) > len(prefix) && s[len(prefix)] == '/'
}

func hasParam(a apachePass, key string) bool {
	for _, p := range a.params {
		if k, _, ok := strings.Cut(p, "="); ok && strings.EqualFold(k, key) {
			return true
		}
	}
	return false
}

// prefixCovers reports whether every request that prefix path b matches
// is matched by prefix path a. mod_proxy matches a path segment by
// segment (alias_match: "/api" matches /api and /api/x, not /apix), so a
// covers b when b starts with a and continues, if at all, at a segment
// boundary. Runs of slashes count as one.
func prefixCovers(a, b string) bool {
	a, b = collapseSlashes(a), collapseSlashes(b)
	if a == "/" {
		return true
	}
	if !strings.HasPrefix(b, a) {
		return false
	}
	return len(b) == len(a) || strings.HasSuffix(a, "/") || b[len(a)] == '/'
}

// regexLead returns the literal every match of re starts with when re is
// anchored at the start ("^/api/(.*)$" → "/api/"); anchored is false when
// a match may start anywhere. Case-insensitive literals say nothing
// certain about the request's spelling and count as not anchored.
func regexLead(re string) (lit string, anchored, ok bool) {
	items, ok := regexItems(re)
	if !ok {
		return "", false, false
	}
	if len(items) == 0 || (items[0].Op != syntax.OpBeginText && items[0].Op != syntax.OpBeginLine) {
		return "", false, true
	}
	var b strings.Builder
	for _, it := range items[1:] {
		if it.Op != syntax.OpLiteral || it.Flags&syntax.FoldCase != 0 {
			break
		}
		b.WriteString(string(it.Rune))
	}
	return b.String(), true, true
}

// regexCatchAll recognises a pattern that matches every request path
// starting with lit: lit followed by nothing or by .* (anchored or not,
// captured or not): "^/(.*)$", "^/api", "/", ".*". With plus set the
// tail is .+ and the path must be longer than lit.
func regexCatchAll(re string) (lit string, plus, ok bool) {
	items, ok := regexItems(re)
	if !ok {
		return "", false, false
	}
	if len(items) > 0 && (items[0].Op == syntax.OpBeginText || items[0].Op == syntax.OpBeginLine) {
		items = items[1:]
	}
	var b strings.Builder
	for len(items) > 0 && items[0].Op == syntax.OpLiteral {
		b.WriteString(string(items[0].Rune))
		items = items[1:]
	}
	tail := false
	for len(items) > 0 && isAnyRun(items[0]) {
		tail = true
		plus = plus || items[0].Op == syntax.OpPlus
		items = items[1:]
	}
	if len(items) > 0 && (items[0].Op == syntax.OpEndText || items[0].Op == syntax.OpEndLine) {
		if !tail {
			return "", false, false // an exact match, not a prefix
		}
		items = items[1:]
	}
	if len(items) > 0 {
		return "", false, false
	}
	return b.String(), plus, true
}

func isAnyRun(re *syntax.Regexp) bool {
	if re.Op != syntax.OpStar && re.Op != syntax.OpPlus {
		return false
	}
	s := re.Sub[0]
	return s.Op == syntax.OpAnyChar || s.Op == syntax.OpAnyCharNotNL
}

// regexItems parses re (PCRE as httpd reads it; what RE2 cannot parse is
// left alone) into its top-level sequence, captures unwrapped.
func regexItems(re string) ([]*syntax.Regexp, bool) {
	r, err := syntax.Parse(re, syntax.Perl)
	if err != nil {
		return nil, false
	}
	r = r.Simplify()
	var items []*syntax.Regexp
	var flat func(r *syntax.Regexp)
	flat = func(r *syntax.Regexp) {
		switch r.Op {
		case syntax.OpConcat:
			for _, s := range r.Sub {
				flat(s)
			}
		case syntax.OpCapture:
			flat(r.Sub[0])
		case syntax.OpEmptyMatch:
		default:
			items = append(items, r)
		}
	}
	flat(r)
	return items, true
}
