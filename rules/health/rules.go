// Package health holds the rules about how nginx finds out that an
// upstream server is down: active checks and passive failure accounting.
package health

import "github.com/edgelint/edgelint/lint"

// Rules of this package, registered in rules.All.
var Rules = []*lint.Rule{PlusOnly, NeverEjected}
