package terraform_test

import (
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/golden"
	"github.com/edgelint/edgelint/sources/input"
	"github.com/edgelint/edgelint/sources/terraform"
)

// Each directory under testdata/plan is a plan.json (testdata/plan/README.md
// says what each models and where its format comes from); model.json
// holds what LoadPlan reads.
func TestPlans(t *testing.T) {
	t.Chdir(filepath.Join("testdata", "plan"))
	golden.Cases(t, ".", "model.json", func(t *testing.T, dir string) []byte {
		return golden.Model(terraform.LoadPlan(filepath.Join(dir, "plan.json"), input.Options{}))
	})
}
