// Package tlsproxy holds the rules about how the proxy talks TLS to its
// upstreams (certificate verification, trust).
package tlsproxy

import "github.com/edgelint/edgelint/lint"

// Rules of this package, registered in rules.All.
var Rules = []*lint.Rule{VerifyWithoutCA}
