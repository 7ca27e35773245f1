// Package rules lists every edgelint rule.
//
// Rules live in one package per category, and category is the only axis:
// users meet rules by category (the "category" field of every finding,
// the Category column of docs/rules and of the README, the vocabulary
// docs/CLI.md fixes), not by the source they read, so everything about
// keep-alive (nginx's upstream keepalive, Apache's pooled connections, the
// origin behind a CDN) sits in one package, keepalive. The ID block says
// the category (EL1xxx reach, EL2xxx hosthdr, EL3xxx health, EL4xxx
// timeouts, EL5xxx keepalive, EL6xxx buffers, EL7xxx tlsproxy, EL8xxx
// retry); the digit after it says what the rule reads (0 nginx or the
// model, 1 Apache, 2 Cloudflare, 3 a zone and its origin, 5 the network
// with --probe, 6 the proxy and the application server behind it). Code
// that rules of several categories share lives under rules/internal,
// named for what it holds (modproxy, cfzone, pairing, probeplan,
// backends). meta_test.go holds every rule to this layout.
package rules

import (
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/buffers"
	"github.com/edgelint/edgelint/rules/health"
	"github.com/edgelint/edgelint/rules/hosthdr"
	"github.com/edgelint/edgelint/rules/keepalive"
	"github.com/edgelint/edgelint/rules/reach"
	"github.com/edgelint/edgelint/rules/retry"
	"github.com/edgelint/edgelint/rules/timeouts"
	"github.com/edgelint/edgelint/rules/tlsproxy"
)

// family is the package of one category.
type family struct {
	category lint.Category
	rules    []*lint.Rule
}

// families in ID-block order; the registry sorts by ID anyway.
var families = []family{
	{lint.CategoryReachability, reach.Rules},
	{lint.CategoryHostHeader, hosthdr.Rules},
	{lint.CategoryHealthCheck, health.Rules},
	{lint.CategoryTimeout, timeouts.Rules},
	{lint.CategoryKeepalive, keepalive.Rules},
	{lint.CategoryBuffer, buffers.Rules},
	{lint.CategoryTLS, tlsproxy.Rules},
	{lint.CategoryRetry, retry.Rules},
}

// All returns every rule, unsorted.
func All() []*lint.Rule {
	var all []*lint.Rule
	for _, f := range families {
		all = append(all, f.rules...)
	}
	return all
}

// Registry validates All plus extra (rules defined outside this tree, such
// as the suppression processor's synthetic rules) and indexes them.
func Registry(extra ...*lint.Rule) (*lint.Registry, error) {
	return lint.NewRegistry(append(All(), extra...)...)
}
