package retry

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/edgelint/edgelint/internal/testsupport/ruletest"
)

// Behind a layer that waits 100s (Cloudflare's long-standing limit), a
// two-server pool with a 60s read timeout already overruns it.
func TestCustomOuterTimeout(t *testing.T) {
	ruletest.RunCase(t, UnboundedTimeoutRetries, filepath.Join("testdata", "options", "outer-100s.conf"),
		ruletest.Options{Rule: &Options{OuterTimeout: 100 * time.Second}})
}
