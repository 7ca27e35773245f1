package lint

import (
	"regexp"
	"sort"
	"strings"
)

// Page Rules apply by URL pattern, and only one applies to a request: the
// active rule of highest priority whose target matches it
// (https://developers.cloudflare.com/rules/page-rules/, "Only the highest
// priority matching page rule takes effect on a request"). A target is
// [scheme://]host[:port][/path], where * matches any run of characters and a
// pattern without a scheme matches http and https. The newer Rules products
// take precedence over Page Rules: a Configuration Rule's SSL mode over a
// page rule's, an Origin Rule's Host header or DNS override over a page
// rule's (https://developers.cloudflare.com/rules/origin-rules/faq/); that
// order is the rules' business, this file only says which page rule takes
// a request.

// pageTarget is a page rule target split into its parts.
type pageTarget struct {
	scheme string // "" for both
	host   string // lower case, may hold *
	path   string // from the first "/", "" for none
	ok     bool   // false: a form this reading does not follow (a port, a * spanning host and path)
}

func parsePageTarget(t string) pageTarget {
	t = strings.ToLower(strings.TrimSpace(t))
	var p pageTarget
	switch {
	case strings.HasPrefix(t, "http://"):
		p.scheme, t = "http", t[len("http://"):]
	case strings.HasPrefix(t, "https://"):
		p.scheme, t = "https", t[len("https://"):]
	case strings.HasPrefix(t, "*://"):
		t = t[len("*://"):]
	case strings.Contains(t, "://"):
		return p
	}
	host, path := t, ""
	if i := strings.IndexByte(t, '/'); i >= 0 {
		host, path = t[:i], t[i:]
	}
	if host == "" || strings.Contains(host, ":") || (path == "" && strings.HasSuffix(host, "*")) {
		// A port, or a trailing * that may run on into the path.
		return p
	}
	p.host, p.path, p.ok = host, path, true
	return p
}

// applies says whether the target matches requests for host: yes, no, or
// maybe (a form this reading does not follow). A * in the host part could
// also match a crafted path of another host; such requests are not the
// host's traffic and do not count.
func (p pageTarget) applies(host string) Match {
	if !p.ok {
		return MaybeMatch
	}
	host = CanonHost(host)
	if !strings.Contains(p.host, "*") {
		if strings.TrimSuffix(p.host, ".") == host {
			return YesMatch
		}
		return NoMatch
	}
	parts := strings.Split(p.host, "*")
	for i := range parts {
		parts[i] = regexp.QuoteMeta(parts[i])
	}
	re, err := regexp.Compile("^" + strings.Join(parts, ".*") + "$")
	if err != nil {
		return MaybeMatch
	}
	if re.MatchString(host) {
		return YesMatch
	}
	return NoMatch
}

// all reports whether the target takes every request of a host it applies
// to: both schemes, every path.
func (p pageTarget) all() bool { return p.ok && p.scheme == "" && p.path == "/*" }

// literal reports whether the target leaves some path of the host to
// other rules: its path starts with a literal character (or is the root
// alone), so a path starting with any other character escapes it.
func (p pageTarget) literal() bool {
	return p.ok && p.scheme == "" && (p.path == "" || p.path == "/" || p.path[1] != '*')
}

// Takes says which requests for host a page rule takes: yes when it
// matches some of them, no when none, maybe when its target is a form this
// reading does not follow.
func (r *PageRule) Takes(host string) Match {
	return parsePageTarget(r.Target).applies(host)
}

// PageRuleEffect is what the zone's page rules do to the requests of one
// host, for one concern (a setting, or where the requests go).
type PageRuleEffect struct {
	// Sure are the page rules that act on the concern and certainly take
	// some requests of the host, highest priority first.
	Sure []*PageRule
	// Rest says whether some requests of the host take no page rule that
	// acts on the concern (they keep the zone's setting): YesMatch
	// certainly, NoMatch none, MaybeMatch unknown.
	Rest Match
}

// PageRulesFor evaluates the zone's page rules for host; acts says whether
// a rule acts on the concern. Unread page rules, or rules of equal
// priority that may both match, leave everything unknown.
func (e *Edge) PageRulesFor(host string, acts func(*PageRule) bool) PageRuleEffect {
	if e.PageRulesUnread {
		return PageRuleEffect{Rest: MaybeMatch}
	}
	var rules []*PageRule
	prio := map[int]bool{}
	for _, r := range e.PageRules {
		if !r.Enabled || r.Takes(host) == NoMatch {
			continue
		}
		if prio[r.Priority] {
			// Two rules of one priority: which one takes a request is
			// not something this reading can tell.
			return PageRuleEffect{Rest: MaybeMatch}
		}
		prio[r.Priority] = true
		rules = append(rules, r)
	}
	sort.SliceStable(rules, func(i, j int) bool { return rules[i].Priority > rules[j].Priority })
	var out PageRuleEffect
	overlap := false // an earlier rule took part of the host's requests
	escape := true   // some path escapes every earlier rule
	restYes, restMaybe, full := false, false, false
	for _, r := range rules {
		t := parsePageTarget(r.Target)
		sure := t.applies(host) == YesMatch && !overlap
		switch {
		case !acts(r):
			restMaybe = true
			restYes = restYes || sure
		case sure:
			out.Sure = append(out.Sure, r)
		}
		if t.applies(host) == YesMatch && t.all() {
			full = true
			break
		}
		overlap = true
		escape = escape && t.applies(host) == YesMatch && t.literal()
	}
	if !full {
		restMaybe = true
		restYes = restYes || escape
	}
	switch {
	case restYes:
		out.Rest = YesMatch
	case restMaybe:
		out.Rest = MaybeMatch
	default:
		out.Rest = NoMatch
	}
	return out
}
