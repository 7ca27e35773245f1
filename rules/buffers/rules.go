// Package buffers holds the rules about the buffers nginx reads upstream
// responses into.
package buffers

import "github.com/edgelint/edgelint/lint"

// Rules of this package, registered in rules.All.
var Rules = []*lint.Rule{Arithmetic}
