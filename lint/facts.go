package lint

import (
	"net"
	"strings"
)

// IsWebSocket reports a route that sets an Upgrade header towards the
// upstream, the way WebSocket (and other upgraded) connections are
// proxied. After the upgrade the route carries a long-lived socket: its
// read timeout is an idle limit, kept short or long on purpose, and
// nothing is retried.
func (r *Route) IsWebSocket() bool {
	for _, h := range r.Headers {
		if strings.EqualFold(h.Name, "Upgrade") {
			return true
		}
	}
	return false
}

// IsIP reports an IPv4 or IPv6 literal, with or without the brackets of a
// URL ("[::1]"). Servers send no SNI to such an address, and no virtual
// host is chosen by it.
func IsIP(host string) bool {
	return net.ParseIP(strings.Trim(host, "[]")) != nil
}

// TLSScheme reports whether the server of kind k talks TLS to an upstream
// address written with scheme (lower case): nginx for https (proxy_pass),
// grpcs (grpc_pass) and suwsgi (uwsgi_pass); Apache mod_proxy for https,
// wss and h2 workers. A CDN's origin scheme is not written as a URL.
func (k SourceKind) TLSScheme(scheme string) bool {
	switch k {
	case Nginx:
		return scheme == "https" || scheme == "grpcs" || scheme == "suwsgi"
	case Apache:
		return scheme == "https" || scheme == "wss" || scheme == "h2"
	}
	return false
}

// NginxPrefix is the prefix of the nginx directives of the protocol's
// module (proxy_pass, fastcgi_read_timeout, grpc_next_upstream…): proxy,
// fastcgi, uwsgi, scgi or grpc; "" for any other protocol.
func (p Protocol) NginxPrefix() string {
	switch p {
	case ProtoHTTP:
		return "proxy"
	case ProtoFastCGI:
		return "fastcgi"
	case ProtoUWSGI:
		return "uwsgi"
	case ProtoSCGI:
		return "scgi"
	case ProtoGRPC:
		return "grpc"
	}
	return ""
}

// NginxTLSPrefix is NginxPrefix for the modules that talk TLS to an
// upstream (proxy_ssl_verify, grpc_ssl_name, uwsgi_ssl_server_name); ""
// for the others, FastCGI and SCGI having no TLS.
func (p Protocol) NginxTLSPrefix() string {
	switch p {
	case ProtoHTTP, ProtoGRPC, ProtoUWSGI:
		return p.NginxPrefix()
	}
	return ""
}
