// Package crosslayer holds the rules that compare a CDN zone with the
// origin behind it: the SSL mode against the origin's listeners, Host and
// SNI overrides and proxied hostnames against the origin's server names,
// the CDN read timeout against the origin's proxy timeouts, origin
// allowlists against the CDN's egress ranges, and keep-alive at the origin.
//
// All loaded nginx and Apache configs together form "the origin". A zone
// is compared with it only when the origin serves at least one of the
// zone's proxied hostnames by name, so a zone fronting some other origin
// (or an unrelated config in the same run) yields nothing. Fragments are
// ignored: without the whole tree, a missing server name or listener
// proves nothing.
package crosslayer

import "github.com/edgelint/edgelint/lint"

// Rules of this package, registered in rules.All.
var Rules = []*lint.Rule{
	SSLModeListener,
	AllowlistBlocksCDN,
	HostOverrideUnserved,
	HostnameNotServed,
	ReadTimeoutShorter,
	KeepaliveOff,
	FlexibleHTTPSRedirect,
}

var crossSources = []lint.SourceKind{lint.Cloudflare, lint.Nginx, lint.Apache}
