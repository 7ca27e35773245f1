package retry

import "github.com/edgelint/edgelint/lint"

// Rules of this package, registered in rules.All.
var Rules = []*lint.Rule{}
