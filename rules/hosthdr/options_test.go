package hosthdr

import (
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/ruletest"
)

// all-backends: true also reports pools without evidence that Host
// matters; by default only the pool written as public host names is.
func TestAllBackends(t *testing.T) {
	dir := filepath.Join("testdata", "all-backends")
	ruletest.Run(t, BlockNameAsHost, dir, ruletest.Options{Rule: &HostOptions{AllBackends: true}})
	found, errs := ruletest.Check(BlockNameAsHost, []string{dir}, ruletest.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(found) != 1 {
		t.Errorf("default options: want only the named pool reported, got %d findings", len(found))
	}
	for _, f := range found {
		t.Logf("%s: %s", f.Pos, f.Message)
	}
}
