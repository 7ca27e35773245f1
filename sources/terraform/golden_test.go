package terraform_test

import (
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/golden"
	"github.com/edgelint/edgelint/sources/input"
	"github.com/edgelint/edgelint/sources/terraform"
)

// Each directory under testdata/golden is a module: loaded as `edgelint
// check` loads it, model.json holds its zones and load errors (go test
// -update rewrites it). "values" computes its values through variables
// (defaults, terraform.tfvars, *.auto.tfvars), locals, functions, count
// and for_each; "unknown" has what only a plan knows, and the values
// that stand for it; "v4" and "v5" have the provider's two shapes of
// every attribute read; "accounts" has pools without a load balancer;
// "calls" a zone the module creates and a module call that is not
// followed (git), which may add to it; "modules" zones built through local
// module calls (for_each, count, outputs); "json" the JSON syntax;
// "override" override files merged; "errors" has what Terraform refuses
// too.
func TestGolden(t *testing.T) {
	t.Chdir(filepath.Join("testdata", "golden"))
	golden.Cases(t, ".", "model.json", func(t *testing.T, dir string) []byte {
		return golden.Model(terraform.Load(dir, input.Options{}))
	})
}
