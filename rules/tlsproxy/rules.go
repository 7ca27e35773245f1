// Package tlsproxy holds the rules about how the proxy talks TLS to its
// upstreams (certificate verification, trust, Apache's SSLProxyEngine, the
// handshake --probe runs) and how a Cloudflare SSL mode meets the origin's
// HTTPS redirects.
package tlsproxy

import "github.com/edgelint/edgelint/lint"

// Rules of this package, registered in rules.All.
var Rules = []*lint.Rule{
	VerifyWithoutCA,
	ApacheHTTPSWithoutSSLProxyEngine, ApacheHTTPSToIP,
	SSLOffWithHTTPSRedirect,
	CDNFlexibleHTTPSRedirect,
	TunnelTLSVerifyIPOrigin,
	CDNOriginRequiresClientCert,
	CDNEdgeCertificateMissing,
	ProbeTLSHandshake,
}
