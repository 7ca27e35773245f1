package reach

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/edgelint/edgelint/lint"
)

// passDirective names the directive that wrote a route's target, as the
// user wrote it; the flat directive list knows, the protocol is the
// fallback.
func passDirective(c *lint.Config, r *lint.Route) string {
	if r.Target.Directive != "" {
		return r.Target.Directive
	}
	if m := r.Protocol.NginxPrefix(); m != "" {
		return m + "_pass"
	}
	return "proxy_pass"
}

// address is a pass target split the way nginx's URL parser does it.
type address struct {
	unix   bool
	host   string
	port   int
	noPort bool
}

// parseAddress reads "http://host:port/path", "host:port", "unix:/path".
func parseAddress(s string) address {
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if strings.HasPrefix(strings.ToLower(s), "unix:") {
		return address{unix: true}
	}
	var a address
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return address{host: s, noPort: true}
		}
		a.host, s = s[:end+1], s[end+1:]
	} else {
		end := strings.IndexAny(s, ":/?")
		if end < 0 {
			end = len(s)
		}
		a.host, s = s[:end], s[end:]
	}
	a.noPort = true
	if strings.HasPrefix(s, ":") {
		p := s[1:]
		if end := strings.IndexAny(p, "/?"); end >= 0 {
			p = p[:end]
		}
		if n, err := strconv.Atoi(p); err == nil {
			a.port, a.noPort = n, false
		}
	}
	return a
}

// upstreamNamed finds a pool by name; nginx compares names case-insensitively.
func upstreamNamed(c *lint.Config, name string) *lint.Upstream {
	for _, u := range c.Upstreams {
		if strings.EqualFold(u.Name, name) {
			return u
		}
	}
	return nil
}

// upstreamIndex answers upstreamNamed for every route of a config without
// scanning every upstream for each: names are kept by their ASCII lower
// case; the rare non-ASCII name (which strings.EqualFold may fold onto an
// ASCII one, like the Kelvin sign onto k) is still compared one by one.
type upstreamIndex struct {
	byName   map[string]int // first upstream of that lower-cased name
	nonASCII []int
	ups      []*lint.Upstream
}

func indexUpstreams(c *lint.Config) *upstreamIndex {
	ix := &upstreamIndex{byName: make(map[string]int, len(c.Upstreams)), ups: c.Upstreams}
	for i, u := range c.Upstreams {
		if !isASCII(u.Name) {
			ix.nonASCII = append(ix.nonASCII, i)
			continue
		}
		k := strings.ToLower(u.Name)
		if _, dup := ix.byName[k]; !dup {
			ix.byName[k] = i
		}
	}
	return ix
}

// named returns what upstreamNamed(c, name) returns: the first upstream
// whose name equals name under case folding.
func (ix *upstreamIndex) named(name string) *lint.Upstream {
	if !isASCII(name) {
		for _, u := range ix.ups {
			if strings.EqualFold(u.Name, name) {
				return u
			}
		}
		return nil
	}
	best, ok := ix.byName[strings.ToLower(name)]
	if !ok {
		best = len(ix.ups)
	}
	for _, i := range ix.nonASCII {
		if i >= best {
			break
		}
		if strings.EqualFold(ix.ups[i].Name, name) {
			best = i
			break
		}
	}
	if best == len(ix.ups) {
		return nil
	}
	return ix.ups[best]
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
