package reach

import "net/netip"

// CloudflareRanges is Cloudflare's egress address list as published at
// https://www.cloudflare.com/ips-v4 and https://www.cloudflare.com/ips-v6
// (the same list GET /client/v4/ips returns), copied in November 2026;
// the list has not changed since 2023. The rules use it only when the
// zone data carries no ranges (a snapshot written without /ips).
var CloudflareRanges = []string{
	"173.245.48.0/20", "103.21.244.0/22", "103.22.200.0/22", "103.31.4.0/22",
	"141.101.64.0/18", "108.162.192.0/18", "190.93.240.0/20", "188.114.96.0/20",
	"197.234.240.0/22", "198.41.128.0/17", "162.158.0.0/15", "104.16.0.0/13",
	"104.24.0.0/14", "172.64.0.0/13", "131.0.72.0/22",
	"2400:cb00::/32", "2606:4700::/32", "2803:f800::/32", "2405:b500::/32",
	"2405:8100::/32", "2a06:98c0::/29", "2c0f:f248::/32",
}

// CloudflareRangesDate is when CloudflareRanges was copied.
const CloudflareRangesDate = "2026-11"

func cdnRanges(configured []string) []netip.Prefix {
	src := configured
	if len(src) == 0 {
		src = CloudflareRanges
	}
	var out []netip.Prefix
	for _, s := range src {
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
		}
	}
	return out
}

// parseCIDR reads an allow/deny argument: a prefix or a single address.
func parseCIDR(s string) (netip.Prefix, bool) {
	if p, err := netip.ParsePrefix(s); err == nil {
		return p.Masked(), true
	}
	if a, err := netip.ParseAddr(s); err == nil {
		return netip.PrefixFrom(a, a.BitLen()), true
	}
	return netip.Prefix{}, false
}

// contains reports whether p covers all of q.
func contains(p, q netip.Prefix) bool {
	return p.Addr().Is4() == q.Addr().Is4() && p.Bits() <= q.Bits() && p.Contains(q.Addr())
}
