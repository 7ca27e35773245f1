package lint

import (
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Cloudflared is the kind of Cloudflare Tunnel configuration files
// (cloudflared's config.yml with tunnel: and ingress:).
const Cloudflared SourceKind = "cloudflared"

// Tunnel is one cloudflared configuration: the tunnel and its ingress
// rules, in the order cloudflared matches them.
type Tunnel struct {
	ID  string
	Pos Position
	// IngressPos is where ingress: is written.
	IngressPos Position
	Ingress    []*IngressRule
	// OriginRequest is the top-level originRequest: every rule's default.
	OriginRequest OriginRequest
}

// IngressRule is one entry of ingress:.
type IngressRule struct {
	Pos Position
	// Hostname and Path are the match; empty when not written.
	Hostname, Path string
	// Service is the origin as written: a URL (http://localhost:8000,
	// unix:/run/app.sock, tcp://…) or http_status:404, hello_world, …
	Service       string
	ServicePos    Position
	OriginRequest OriginRequest
}

// CatchAll reports whether the rule matches every request: cloudflared
// treats a rule with no path and no hostname (or hostname "*") so.
func (r *IngressRule) CatchAll() bool {
	return (r.Hostname == "" || r.Hostname == "*") && r.Path == ""
}

// Describe says what the rule matches, in the user's words:
// "app.example.com", "app.example.com /api/.*", "path /api/.*", or
// "every request".
func (r *IngressRule) Describe() string {
	switch {
	case r.Hostname != "" && r.Path != "":
		return r.Hostname + " " + r.Path
	case r.Path != "":
		return "path " + r.Path
	case r.Hostname != "":
		return r.Hostname
	}
	return "every request"
}

// Local reads a service on this host: the scheme ("http", "https") and
// port of an http(s) URL on a loopback address or localhost, or the path
// of a unix socket (scheme "unix" or "unix+tls"). ok is false for any
// other service (another host, tcp://, ssh://, http_status:…).
func (r *IngressRule) Local() (scheme string, port int, unix string, ok bool) {
	s := r.Service
	for _, sch := range []string{"unix+tls", "unix"} {
		if p, found := strings.CutPrefix(s, sch+":"); found {
			return sch, 0, p, p != ""
		}
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return "", 0, "", false
	}
	h := u.Hostname()
	if a, err := netip.ParseAddr(h); !(strings.EqualFold(h, "localhost") || err == nil && a.IsLoopback()) {
		return "", 0, "", false
	}
	port = 80
	if u.Scheme == "https" {
		port = 443
	}
	if ps := u.Port(); ps != "" {
		n, err := strconv.Atoi(ps)
		if err != nil || n < 1 || n > 65535 {
			return "", 0, "", false
		}
		port = n
	}
	return u.Scheme, port, "", true
}

// OriginRequest holds the originRequest settings edgelint reads; unset
// settings hold cloudflared's defaults.
type OriginRequest struct {
	ConnectTimeout   Duration
	KeepAliveTimeout Duration
	HTTPHostHeader   Setting[string]
	OriginServerName Setting[string]
	NoTLSVerify      Setting[bool]
	// CAPool is a CA file cloudflared trusts besides the system's and
	// Cloudflare's Origin CA roots; it does not change the name checked.
	CAPool Setting[string]
	// MatchSNIToHost makes cloudflared send the request's Host (after
	// httpHostHeader) as SNI and check the certificate against it,
	// instead of originServerName or the service's host.
	MatchSNIToHost Setting[bool]
	// HTTP2Origin makes cloudflared speak HTTP/2 to the origin.
	HTTP2Origin Setting[bool]
}

// Cloudflared's documented originRequest defaults.
const (
	TunnelConnectTimeout   = 30 * time.Second
	TunnelKeepAliveTimeout = 90 * time.Second
)
