// Package buffers holds the rules about the buffers nginx and Apache read
// upstream responses into.
package buffers

import "github.com/edgelint/edgelint/lint"

// Rules of this package, registered in rules.All.
var Rules = []*lint.Rule{Arithmetic, Small}
