// Package keepalive holds the rules about connections nginx keeps open to
// its upstreams.
package keepalive

import "github.com/edgelint/edgelint/lint"

// Rules of this package, registered in rules.All.
var Rules = []*lint.Rule{Ineffective}

// assumedVersion is the nginx version rules assume when the configuration
// does not say (the adapter normally fills Product.Version from
// --nginx-version or its own documented default).
var assumedVersion = lint.MustVersion("1.26.3")

// newDefaults reports whether the target nginx speaks HTTP/1.1 to upstreams
// and stops sending "Connection: close" by default (1.29.7 and later).
func newDefaults(c *lint.Config) bool {
	v := c.Product.Version
	if v.IsZero() {
		v = assumedVersion
	}
	return v.AtLeast("1.29.7")
}
