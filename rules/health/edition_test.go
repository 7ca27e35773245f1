package health

import (
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/ruletest"
	"github.com/edgelint/edgelint/sources/input"
)

// NGINX Plus knows health_check, match and slow_start: nothing to report.
func TestPlusEdition(t *testing.T) {
	bad := filepath.Join("testdata", PlusOnly.Name, "bad.conf")
	found, errs := ruletest.Check(PlusOnly, []string{bad}, ruletest.Options{Load: input.Options{NginxEdition: "plus"}})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, f := range found {
		t.Errorf("edition plus, yet reported: %s: %s", f.Pos, f.Message)
	}
	found, _ = ruletest.Check(PlusOnly, []string{bad}, ruletest.Options{Load: input.Options{NginxEdition: "oss"}})
	if len(found) != 3 {
		t.Errorf("edition oss: want 3 findings, got %d", len(found))
	}
}
