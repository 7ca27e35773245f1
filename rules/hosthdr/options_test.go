package hosthdr

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/rules/ruletest"
)

// name-based-only: true reports only pools whose servers are written as
// host names; by default every upstream block without Host is reported.
func TestNameBasedOnly(t *testing.T) {
	dir := filepath.Join("testdata", "name-based-only")
	ruletest.Run(t, BlockNameAsHost, dir, ruletest.Options{Rule: &HostOptions{NameBasedOnly: true}})
	found, errs := ruletest.Check(BlockNameAsHost, []string{dir}, ruletest.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var ipPool bool
	for _, f := range found {
		ipPool = ipPool || strings.Contains(f.Message, `"Host: app"`)
	}
	if len(found) != 2 || !ipPool {
		t.Errorf("default options: want both pools reported, got %d findings", len(found))
	}
}
