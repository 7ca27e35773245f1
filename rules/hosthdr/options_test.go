package hosthdr

import (
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/rules/ruletest"
)

// any-backend: true also reports pools of IP addresses and sockets; by
// default they are left alone.
func TestAnyBackend(t *testing.T) {
	dir := filepath.Join("testdata", "any-backend")
	ruletest.Run(t, BlockNameAsHost, dir, ruletest.Options{Rule: &HostOptions{AnyBackend: true}})
	found, errs := ruletest.Check(BlockNameAsHost, []string{dir}, ruletest.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, f := range found {
		t.Errorf("default options report an IP/socket pool: %s: %s", f.Pos, f.Message)
	}
}
