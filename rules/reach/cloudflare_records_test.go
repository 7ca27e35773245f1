package reach

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/rules/ruletest"
)

// A zone whose load balancers could not be read: the apex www points at
// may be one, so it is not reported; the special-use target does not
// depend on load balancers and still is. The case lives outside
// testdata/proxied-cname-unresolvable because its load error would fail
// the fixture runner.
func TestCNAMELoadBalancersUnread(t *testing.T) {
	found, errs := ruletest.Check(ProxiedCNAMEUnresolvable, []string{filepath.Join("testdata", "lb-unread")}, ruletest.Options{})
	if len(errs) != 1 || errs[0].Pos.Resource != "cloudflare:zone/example.com/load_balancers" {
		t.Fatalf("want only the load-balancer read error, got %v", errs)
	}
	if len(found) != 1 || found[0].Pos.Resource != "cloudflare:zone/example.com/dns_records/api.example.com" ||
		!strings.Contains(found[0].Message, "special-use") {
		t.Errorf("want only the special-use finding on api.example.com, got %v", found)
	}
}
