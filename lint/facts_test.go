package lint

import "testing"

func TestIsWebSocket(t *testing.T) {
	for _, tc := range []struct {
		headers []Header
		want    bool
	}{
		{nil, false},
		{[]Header{{Name: "Host", Value: "$host"}}, false},
		{[]Header{{Name: "Upgrade", Value: "$http_upgrade"}, {Name: "Connection", Value: "upgrade"}}, true},
		{[]Header{{Name: "upgrade", Value: "websocket"}}, true},
		// Connection: upgrade alone upgrades nothing.
		{[]Header{{Name: "Connection", Value: "upgrade"}}, false},
	} {
		if got := (&Route{Headers: tc.headers}).IsWebSocket(); got != tc.want {
			t.Errorf("IsWebSocket(%v) = %v, want %v", tc.headers, got, tc.want)
		}
	}
}

func TestIsIP(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1": true, "10.0.0.1": true, "::1": true, "[::1]": true, "[2001:db8::1]": true,
		"": false, "backend": false, "example.com": false, "1.2.3": false, "[backend]": false,
		"010.0.0.1": false,
	} {
		if got := IsIP(host); got != want {
			t.Errorf("IsIP(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestTLSScheme(t *testing.T) {
	for _, tc := range []struct {
		k    SourceKind
		tls  []string
		none []string
	}{
		{Nginx, []string{"https", "grpcs", "suwsgi"}, []string{"", "http", "grpc", "uwsgi", "wss", "h2", "HTTPS"}},
		{Apache, []string{"https", "wss", "h2"}, []string{"", "http", "ws", "h2c", "grpcs", "balancer", "ajp"}},
		{Cloudflare, nil, []string{"https", "http"}},
	} {
		for _, s := range tc.tls {
			if !tc.k.TLSScheme(s) {
				t.Errorf("%s.TLSScheme(%q) = false, want true", tc.k, s)
			}
		}
		for _, s := range tc.none {
			if tc.k.TLSScheme(s) {
				t.Errorf("%s.TLSScheme(%q) = true, want false", tc.k, s)
			}
		}
	}
}

func TestNginxPrefix(t *testing.T) {
	for _, tc := range []struct {
		p        Protocol
		all, tls string
	}{
		{ProtoHTTP, "proxy", "proxy"},
		{ProtoFastCGI, "fastcgi", ""},
		{ProtoUWSGI, "uwsgi", "uwsgi"},
		{ProtoSCGI, "scgi", ""},
		{ProtoGRPC, "grpc", "grpc"},
		{ProtoOther, "", ""},
		{"", "", ""},
	} {
		if got := tc.p.NginxPrefix(); got != tc.all {
			t.Errorf("%q.NginxPrefix() = %q, want %q", tc.p, got, tc.all)
		}
		if got := tc.p.NginxTLSPrefix(); got != tc.tls {
			t.Errorf("%q.NginxTLSPrefix() = %q, want %q", tc.p, got, tc.tls)
		}
	}
}
