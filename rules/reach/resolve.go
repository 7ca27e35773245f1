package reach

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

var (
	//go:embed docs/upstream-resolve-incomplete.md
	resolveDoc string
	//go:embed docs/upstream-resolve-unsupported.md
	unsupportedDoc string
)

// ResolveIncomplete reports the `resolve` server parameter without what it
// needs: a shared memory zone in the upstream and a resolver in the
// upstream or http block. Each is a start failure on every version that
// knows the parameter (ResolveUnsupported covers those that do not).
var ResolveIncomplete = &lint.Rule{
	ID:       "EL1005",
	Name:     "upstream-resolve-incomplete",
	Category: lint.CategoryReachability,
	Title:    "server `resolve` without a zone or a resolver",
	Doc:      resolveDoc,
	Severity: lint.Error,
	Sources:  []lint.SourceKind{lint.Nginx},
	Check:    checkResolve,
}

func checkResolve(p *lint.Pass) error {
	c := p.Config
	httpResolver := httpLevelResolver(c)
	// The http block of a fragment is elsewhere, and an include that read
	// nothing may hold the resolver: only a whole tree can lack one.
	resolverKnown := !c.Fragment && !httpIncludesUnread(c)
	for _, u := range c.Upstreams {
		first := firstResolving(u)
		if first == nil {
			continue
		}
		at := lint.Related{Pos: first.Pos, Message: "server " + first.Raw + " resolve"}
		if !u.Zone.Set {
			p.Report(u.Pos, fmt.Sprintf("upstream %s uses resolve but has no zone → nginx refuses to start: "+
				"resolving names at run time requires upstream %q to be in shared memory", u.Name, u.Name), at)
		}
		if !u.Resolver.Set && len(u.Resolver.Value) == 0 && httpResolver == nil && resolverKnown && !upstreamUnread(c, u) {
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

func firstResolving(u *lint.Upstream) *lint.Endpoint {
	for _, e := range u.Endpoints {
		if e.Resolve.Value {
			return e
		}
	}
	return nil
}

// ResolveUnsupported reports the `resolve` server parameter when the target
// is open source nginx older than 1.27.3, which rejects it.
var ResolveUnsupported = &lint.Rule{
	ID:       "EL1008",
	Name:     "upstream-resolve-unsupported",
	Category: lint.CategoryReachability,
	Title:    "server `resolve` on open source nginx before 1.27.3",
	Doc:      unsupportedDoc,
	Severity: lint.Error,
	Sources:  []lint.SourceKind{lint.Nginx},
	Check:    checkUnsupported,
}

func checkUnsupported(p *lint.Pass) error {
	prod := p.Config.Product
	// On an assumed version the configuration's own use of resolve is the
	// better evidence of what it targets: only a version the user stated
	// can contradict it.
	if strings.EqualFold(prod.Edition, "plus") || prod.Version.IsZero() || prod.VersionAssumed || prod.Version.AtLeast("1.27.3") {
		return nil
	}
	for _, e := range p.Config.Endpoints() {
		if !e.Resolve.Value {
			continue
		}
		p.Report(lint.FirstPos(e.Resolve.Pos, e.Pos), fmt.Sprintf("server %s resolve: open source nginx knows the resolve parameter only since 1.27.3 "+
			"and the target is %s → nginx refuses to start: invalid parameter \"resolve\" "+
			"(nginx-version is set to %[2]s; the resolve parameter needs 1.27.3 or later, or NGINX Plus)", e.Raw, prod.Version))
	}
	return nil
}
