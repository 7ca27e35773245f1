package nginx

import (
	"testing"
	"time"

	"github.com/edgelint/edgelint/lint"
)

func TestParseTime(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"60": time.Minute, "60s": time.Minute, "1m30s": 90 * time.Second, "500ms": 500 * time.Millisecond,
		"1h": time.Hour, "1d": 24 * time.Hour, "1w": 7 * 24 * time.Hour, "1M": 30 * 24 * time.Hour,
		"1y": 365 * 24 * time.Hour, "1m 30s": 90 * time.Second, "1h 30": time.Hour + 30*time.Second, "0": 0,
	} {
		if got, ok := parseTime(in); !ok || got != want {
			t.Errorf("parseTime(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "5x", "s", "30s1m", "1m1m", "-1", "1.5s", "10 20"} {
		if got, ok := parseTime(in); ok {
			t.Errorf("parseTime(%q) = %v, want an error", in, got)
		}
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]lint.Size{"4k": 4096, "8K": 8192, "1m": 1 << 20, "1g": 1 << 30, "512": 512} {
		if got, ok := parseSize(in); !ok || got != want {
			t.Errorf("parseSize(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "k", "4kb", "-1", "1.5m"} {
		if _, ok := parseSize(in); ok {
			t.Errorf("parseSize(%q) accepted", in)
		}
	}
}

func TestParseTarget(t *testing.T) {
	cases := []struct {
		raw                string
		scheme, host, path string
		port               int
		portSet, vars      bool
		unix               string
	}{
		{raw: "http://backend", scheme: "http", host: "backend", port: 80},
		{raw: "https://api.example:8443/v1/", scheme: "https", host: "api.example", port: 8443, portSet: true, path: "/v1/"},
		{raw: "http://[::1]:8080", scheme: "http", host: "[::1]", port: 8080, portSet: true},
		{raw: "http://unix:/run/app.sock:/api/", scheme: "http", unix: "/run/app.sock", path: "/api/"},
		{raw: "http://unix:/run/app.sock", scheme: "http", unix: "/run/app.sock"},
		{raw: "unix:/run/php.sock", unix: "/run/php.sock"},
		{raw: "127.0.0.1:9000", host: "127.0.0.1", port: 9000, portSet: true},
		{raw: "http://$backend", scheme: "http", host: "$backend", port: 80, vars: true},
		{raw: "http://backend$request_uri", scheme: "http", host: "backend", port: 80, path: "$request_uri", vars: true},
		{raw: "http://backend:8080$uri$is_args$args", scheme: "http", host: "backend", port: 8080, portSet: true, path: "$uri$is_args$args", vars: true},
		{raw: "http://backend$urix", scheme: "http", host: "backend$urix", port: 80, vars: true},
		{raw: "grpcs://grpc.internal", scheme: "grpcs", host: "grpc.internal", port: 443},
	}
	for _, c := range cases {
		got := parseTarget(c.raw)
		if got.Scheme != c.scheme || got.Host != c.host || got.Port != c.port || got.PortSet != c.portSet ||
			got.Path != c.path || got.Variables != c.vars || got.UnixPath != c.unix {
			t.Errorf("parseTarget(%q) = %+v", c.raw, got)
		}
	}
}
