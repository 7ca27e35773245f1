package reach

import (
	"strings"

	"github.com/edgelint/edgelint/lint"
)

// apachePass is one ProxyPass or ProxyPassMatch line, exclusions (`!`)
// included, with where mod_proxy keeps it. The model's routes leave
// exclusions out and do not say which section form a route came from;
// the order rule needs both, so it reads the directives, which the Apache
// source lists in the order httpd reads them (includes and macros
// expanded in place, false <If*> sections left out).
type apachePass struct {
	d *lint.Directive
	// scope is the enclosing <VirtualHost>, nil for the main server.
	scope *lint.Directive
	// loc is the enclosing <Location> for the one-argument form, nil at
	// the server level.
	loc *lint.Directive
	// path is what requests are matched against: the first argument, or
	// the <Location>'s path; a regular expression when regex is set.
	path  string
	regex bool
	// target is the worker URL or "!".
	target   string
	targetAt int // index of target in d.Args
	// params are the key=value arguments after the target.
	params []string
	// For a pattern, parsed once: the literal every match starts with
	// (lead, when anchored), and the literal it matches every path after
	// (catchLit, when catchAll; catchPlus: only paths longer than it).
	lead                string
	anchored, leadOK    bool
	catchLit            string
	catchAll, catchPlus bool
}

func (a apachePass) exclusion() bool { return a.target == "!" }

// pos is the line's position (one line: a section's EndLine does not
// apply).
func (a apachePass) pos() lint.Position {
	p := a.d.Pos
	p.EndLine = 0
	return p
}

// text is the line as written, for messages: "ProxyPass /api http://api/"
// or, for the <Location> form, "ProxyPass http://api/ in <Location /api>".
func (a apachePass) text() string {
	s := a.d.Name + " " + strings.Join(a.d.Args[:a.targetAt+1], " ")
	if a.loc != nil {
		s += " in <" + a.loc.Name + " " + strings.Join(a.loc.Args, " ") + ">"
	}
	return s
}

// apachePasses lists the ProxyPass and ProxyPassMatch lines of the main
// server and of each <VirtualHost>, at the server level or directly in a
// <Location>, in the order httpd reads them. Lines in other sections, with
// variables (unknown until httpd starts or, with interpolate, per request),
// or with too few arguments are left out.
func apachePasses(c *lint.Config) []apachePass {
	var out []apachePass
	// stack holds the sections enclosing the current directive: the
	// source lists a section before its contents, and a directive's
	// Blocks name them. Conditional sections are transparent in Blocks;
	// the truncation below drops them.
	var buf [8]*lint.Directive // on the stack while sections nest less deep
	stack := buf[:0]
	for _, d := range c.Directives {
		n := len(d.Blocks)
		for len(stack) < n {
			stack = append(stack, nil) // not seen: leave the line alone
		}
		stack = stack[:n]
		if d.Block {
			stack = append(stack, d)
			continue
		}
		// EqualFold, not ToLower: this runs for every directive of
		// every Apache config, and most names are written in mixed case.
		if !strings.EqualFold(d.Name, "proxypass") && !strings.EqualFold(d.Name, "proxypassmatch") {
			continue
		}
		a, ok := passAt(d, stack)
		if !ok || strings.Contains(a.path, "${") || strings.Contains(a.target, "${") {
			continue
		}
		out = append(out, a)
	}
	return out
}

// passAt reads d in its enclosing sections.
func passAt(d *lint.Directive, stack []*lint.Directive) (apachePass, bool) {
	a := apachePass{d: d}
	for i, s := range stack {
		if s == nil || !strings.EqualFold(s.Name, d.Blocks[i]) {
			return a, false
		}
	}
	secs := stack
	if len(secs) > 0 && strings.EqualFold(secs[0].Name, "VirtualHost") {
		a.scope, secs = secs[0], secs[1:]
	}
	switch {
	case len(secs) == 0:
		if len(d.Args) < 2 {
			return a, false
		}
		a.path, a.target, a.targetAt = d.Args[0], d.Args[1], 1
		a.regex = strings.EqualFold(d.Name, "ProxyPassMatch")
	case len(secs) == 1 && (strings.EqualFold(secs[0].Name, "Location") || strings.EqualFold(secs[0].Name, "LocationMatch")):
		loc := secs[0]
		if len(d.Args) < 1 || len(loc.Args) == 0 {
			return a, false
		}
		if d.Args[0] != "!" && !strings.Contains(d.Args[0], ":") {
			return a, false // a path inside <Location>: httpd refuses the line
		}
		a.loc = loc
		a.path, a.target = loc.Args[len(loc.Args)-1], d.Args[0]
		// <Location ~ "re">, <LocationMatch> and wildcard paths
		// (<Location "/app*">) are patterns, not prefixes.
		a.regex = strings.EqualFold(loc.Name, "LocationMatch") || len(loc.Args) > 1 ||
			strings.EqualFold(d.Name, "ProxyPassMatch") || strings.ContainsAny(a.path, "*?[")
	default:
		return a, false
	}
	a.params = d.Args[a.targetAt+1:]
	if a.regex {
		a.lead, a.anchored, a.leadOK = regexLead(a.path)
		a.catchLit, a.catchPlus, a.catchAll = regexCatchAll(a.path)
	}
	return a, true
}

// collapseSlashes turns each run of '/' into one: mod_proxy's prefix
// match (alias_match) lets any number of slashes in the path match any
// number in the request.
func collapseSlashes(s string) string {
	if !strings.Contains(s, "//") {
		return s
	}
	var b strings.Builder
	prev := false
	for i := 0; i < len(s); i++ {
		if s[i] == '/' {
			if prev {
				continue
			}
			prev = true
		} else {
			prev = false
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
