// Package rules lists every edgelint rule. Rules live in one package per
// family (category) so each family keeps its docs and testdata together;
// Apache-only, Cloudflare-only, cross-layer and probe rules have packages
// of their own.
package rules

import (
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/apache"
	"github.com/edgelint/edgelint/rules/buffers"
	"github.com/edgelint/edgelint/rules/cdn"
	"github.com/edgelint/edgelint/rules/crosslayer"
	"github.com/edgelint/edgelint/rules/health"
	"github.com/edgelint/edgelint/rules/hosthdr"
	"github.com/edgelint/edgelint/rules/keepalive"
	"github.com/edgelint/edgelint/rules/probe"
	"github.com/edgelint/edgelint/rules/reach"
	"github.com/edgelint/edgelint/rules/retry"
	"github.com/edgelint/edgelint/rules/timeouts"
	"github.com/edgelint/edgelint/rules/tlsproxy"
)

// families in the order their packages are listed above; the registry
// sorts by ID anyway.
var families = [][]*lint.Rule{
	reach.Rules, hosthdr.Rules, health.Rules, timeouts.Rules, keepalive.Rules,
	buffers.Rules, tlsproxy.Rules, retry.Rules, apache.Rules, cdn.Rules,
	crosslayer.Rules, probe.Rules,
}

// All returns every rule, unsorted.
func All() []*lint.Rule {
	var all []*lint.Rule
	for _, f := range families {
		all = append(all, f...)
	}
	return all
}

// Registry validates All plus extra (rules defined outside this tree, such
// as the suppression processor's synthetic rules) and indexes them.
func Registry(extra ...*lint.Rule) (*lint.Registry, error) {
	return lint.NewRegistry(append(All(), extra...)...)
}
