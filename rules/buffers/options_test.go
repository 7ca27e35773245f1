package buffers

import (
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/ruletest"
)

// The page size sets the defaults: the same file is fine with 4k pages and
// rejected with 64k pages.
func TestPageSize(t *testing.T) {
	dir := filepath.Join("testdata", "page-64k")
	ruletest.Run(t, Arithmetic, dir, ruletest.Options{Rule: &ArithOptions{PageSize: "64k"}})
	found, errs := ruletest.Check(Arithmetic, []string{dir}, ruletest.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, f := range found {
		t.Errorf("4k pages, yet reported: %s: %s", f.Pos, f.Message)
	}
	_, errs = ruletest.Check(Arithmetic, []string{dir}, ruletest.Options{Rule: &ArithOptions{PageSize: "lots"}})
	if len(errs) == 0 {
		t.Error("a page-size that is not a size must be an error, not a silent default")
	}
}
