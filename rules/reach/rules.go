// Package reach holds the reachability rules: addresses the proxy cannot
// connect to, names it cannot resolve (at start or per request), and
// protocol/port combinations that cannot work.
package reach

import "github.com/edgelint/edgelint/lint"

// Rules of this package, registered in rules.All.
var Rules = []*lint.Rule{
	VariablePassWithoutResolver,
	AddressInvalid,
	PoolUnusable,
	UpstreamNameUnknown,
	ResolveIncomplete,
	ResolveUnsupported,
	SchemePortMismatch,
	NameResolvedOnce,
}
