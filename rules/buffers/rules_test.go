package buffers

import (
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/ruletest"
)

// The package's own run of its fixtures and doc examples.
func TestRules(t *testing.T) { ruletest.RunRules(t, Rules) }
