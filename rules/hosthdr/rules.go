// Package hosthdr holds the rules about the names a proxy presents to its
// upstream: the Host header, the TLS SNI name and the name the upstream
// certificate is checked against — nginx's, Apache's ProxyPreserveHost,
// Cloudflare's Host overrides and proxied hostnames the origin does not
// serve, and, with --probe, the certificate the upstream really presents.
package hosthdr

import (
	"strings"

	"github.com/edgelint/edgelint/lint"
)

// Rules of this package, registered in rules.All.
var Rules = []*lint.Rule{
	NoSNI, SSLNameIsBlockName, BlockNameAsHost,
	ApachePreserveHostHTTPS,
	CDNHostOverrideUnserved, CDNHostnameNotServed,
	TunnelHostHeaderUnserved,
	ProbeCertificateName,
}

// dnsName reports whether host looks like a name a TLS server or a
// name-based virtual host could be configured for: a dotted name of valid
// characters that is not an IP literal. Single-label names (docker service
// names, "localhost", upstream block names like "backend") do not count:
// nobody issues certificates for them or serves virtual hosts by them.
func dnsName(host string) bool {
	if host == "" || lint.IsIP(host) || !strings.Contains(host, ".") || strings.HasSuffix(host, ".") {
		return false
	}
	for _, c := range host {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '.':
		default:
			return false
		}
	}
	return !strings.HasPrefix(host, "localhost.")
}

// endpointName returns the first server of the pool with a DNS name, the
// name its operators most likely expect in Host and SNI.
func endpointName(up *lint.Upstream) string {
	for _, e := range up.Endpoints {
		if dnsName(e.Host) && !strings.EqualFold(e.Host, up.Name) {
			return e.Host
		}
	}
	return ""
}

// defaultName reports whether a name setting still means $proxy_host (the
// host part of the *_pass address, i.e. the upstream block name).
func defaultName(s lint.Setting[string]) bool {
	v := strings.TrimSpace(s.Value)
	return !s.Set || v == "" || v == "$proxy_host" || strings.HasPrefix(v, "$proxy_host:")
}

// directive returns the setting's directive name, or the name of the
// route module's TLS directive with that suffix when the adapter did not
// record one.
func directive[T any](s lint.Setting[T], r *lint.Route, suffix string) string {
	if s.Directive != "" {
		return s.Directive
	}
	return tlsModule(r) + "_" + suffix
}

// tlsModule is the prefix of the route's TLS directives; proxy for a
// module without any.
func tlsModule(r *lint.Route) string {
	if p := r.Protocol.NginxTLSPrefix(); p != "" {
		return p
	}
	return "proxy"
}

// at is where a finding about a setting goes: the directive when written,
// else the block lacking it, else the pass directive, else the route.
func at[T any](s lint.Setting[T], r *lint.Route) lint.Position {
	return lint.FirstPos(s.Pos, r.Target.Pos, r.Pos)
}

func passName(r *lint.Route) string {
	return tlsModule(r) + "_pass"
}

func upstreamRelated(up *lint.Upstream) lint.Related {
	return lint.Related{Pos: up.Pos, Message: "upstream " + up.Name + " defined here"}
}
