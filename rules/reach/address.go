package reach

import (
	"net"
	"strconv"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

// passDirective names the directive that wrote a route's target, as the
// user wrote it; the flat directive list knows, the protocol is the
// fallback.
func passDirective(c *lint.Config, r *lint.Route) string {
	if r.Target.Directive != "" {
		return r.Target.Directive
	}
	switch r.Protocol {
	case lint.ProtoFastCGI:
		return "fastcgi_pass"
	case lint.ProtoUWSGI:
		return "uwsgi_pass"
	case lint.ProtoSCGI:
		return "scgi_pass"
	case lint.ProtoGRPC:
		return "grpc_pass"
	}
	return "proxy_pass"
}

func routes(c *lint.Config) []*lint.Route {
	var out []*lint.Route
	for _, s := range c.Sites {
		out = append(out, s.Routes...)
	}
	return out
}

// isIP reports an IPv4 or IPv6 literal (with or without brackets).
func isIP(host string) bool {
	return net.ParseIP(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")) != nil
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
