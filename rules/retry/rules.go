// Package retry holds the rules about how the proxy retries a failed
// request on another server.
package retry

import "github.com/edgelint/edgelint/lint"

// Rules of this package, registered in rules.All.
var Rules = []*lint.Rule{UnboundedTimeoutRetries}
