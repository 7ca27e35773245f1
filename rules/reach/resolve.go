package reach

import (
	_ "embed"
	"fmt"

	"github.com/edgelint/edgelint/lint"
)

//go:embed docs/upstream-resolve-incomplete.md
var resolveDoc string

// ResolveIncomplete reports the `resolve` server parameter without what it
// needs: a version that knows it, a shared memory zone in the upstream and
// a resolver in the upstream or http block. Each is a start failure.
var ResolveIncomplete = &lint.Rule{
	ID:       "EL1005",
	Name:     "upstream-resolve-incomplete",
	Category: lint.CategoryReachability,
	Title:    "server `resolve` without zone, resolver or a version that supports it",
	Doc:      resolveDoc,
	Severity: lint.Error,
	Sources:  []lint.SourceKind{lint.Nginx},
	Check:    checkResolve,
}

func checkResolve(p *lint.Pass) error {
	c := p.Config
	httpResolver := httpLevelResolver(c)
	oldOSS := c.Product.Edition != "plus" && !c.Product.Version.IsZero() && !c.Product.Version.AtLeast("1.27.3")
	for _, u := range c.Upstreams {
		var first *lint.Endpoint
		for _, e := range u.Endpoints {
			if e.Resolve.Value {
				first = e
				break
			}
		}
		if first == nil {
			continue
		}
		at := lint.Related{Pos: first.Pos, Message: "server " + first.Raw + " resolve"}
		if oldOSS {
			p.Report(first.Pos, fmt.Sprintf("the resolve parameter of server %s needs nginx 1.27.3 or NGINX Plus; the target is nginx %s "+
				"→ nginx refuses to start: invalid parameter \"resolve\"", first.Raw, c.Product.Version))
			continue
		}
		if !u.Zone.Set {
			p.Report(u.Pos, fmt.Sprintf("upstream %s uses resolve but has no zone → nginx refuses to start: "+
				"resolving names at run time requires upstream %q to be in shared memory", u.Name, u.Name), at)
		}
		if !u.Resolver.Set && len(u.Resolver.Value) == 0 && httpResolver == nil {
			p.Report(u.Pos, fmt.Sprintf("upstream %s uses resolve but no resolver is set in the upstream or http block → "+
				"nginx refuses to start: no resolver defined to resolve names at run time in upstream %q", u.Name, u.Name), at)
		}
	}
	return nil
}

// httpLevelResolver finds a resolver directly in http{}: the only level,
// besides the upstream block itself, that an upstream's run-time
// resolution inherits from (a resolver in server{} or location{} does not
// count).
func httpLevelResolver(c *lint.Config) *lint.Directive {
	for _, d := range c.Directives {
		if d.Name == "resolver" && len(d.Blocks) == 1 && d.Blocks[0] == "http" {
			return d
		}
	}
	return nil
}
