package lint

import "time"

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

// OriginRequest holds the originRequest settings edgelint reads; unset
// settings hold cloudflared's defaults.
type OriginRequest struct {
	ConnectTimeout   Duration
	KeepAliveTimeout Duration
	HTTPHostHeader   Setting[string]
	OriginServerName Setting[string]
	NoTLSVerify      Setting[bool]
}

// Cloudflared's documented originRequest defaults.
const (
	TunnelConnectTimeout   = 30 * time.Second
	TunnelKeepAliveTimeout = 90 * time.Second
)
