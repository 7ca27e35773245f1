package reach

import (
	"testing"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/ruletest"
)

// The PHP-FPM rules' fixtures and doc examples: nginx and Apache beside
// pool files, through the real adapters.
func TestFastCGIBackendRules(t *testing.T) {
	ruletest.RunRules(t, []*lint.Rule{FastCGINoPool, FastCGISocketPermission, FastCGIClientNotAllowed})
}
