// Package keepalive holds the rules about connections kept open between
// layers: nginx's and Apache's to their upstreams, Cloudflare's to the
// origin.
package keepalive

import "github.com/edgelint/edgelint/lint"

// Rules of this package, registered in rules.All.
var Rules = []*lint.Rule{Ineffective, ApacheReuseOutlivesBackendKeepalive, OriginKeepaliveOff, TunnelKeepaliveOutlivesOrigin}

// defaults says which upstream defaults the target nginx has.
type defaults int

const (
	// oldDefaults: before 1.29.7, HTTP/1.0 and "Connection: close".
	oldDefaults defaults = iota
	// newDefaults: 1.29.7 and later, HTTP/1.1 without "Connection: close".
	newDefaults
	// unknownDefaults: the version is the adapter's assumption, not the
	// user's (docs/CLI.md: version-dependent rules that would fire only
	// because of it hold back), or unknown altogether.
	unknownDefaults
)

func targetDefaults(c *lint.Config) defaults {
	v := c.Product.Version
	switch {
	case v.IsZero() || c.Product.VersionAssumed:
		return unknownDefaults
	case v.AtLeast("1.29.7"):
		return newDefaults
	}
	return oldDefaults
}
