package hosthdr

import (
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/rules/ruletest"
)

// The zone and origin of testdata/cdn-hostname-not-served/bad, whose
// load balancers could not be read: shop.example.com may be a load
// balancer, which takes precedence over its record, so nothing is
// reported. The case lives outside the rule's testdata because its load
// error would fail the fixture runner.
func TestNotServedLoadBalancersUnread(t *testing.T) {
	found, errs := ruletest.Check(CDNHostnameNotServed, []string{filepath.Join("testdata", "lb-unread")}, ruletest.Options{})
	if len(errs) != 1 || errs[0].Pos.Resource != "cloudflare:zone/example.com/load_balancers" {
		t.Fatalf("want only the load-balancer read error, got %v", errs)
	}
	for _, f := range found {
		t.Errorf("unexpected finding at %s: %s", f.Pos, f.Message)
	}
}
