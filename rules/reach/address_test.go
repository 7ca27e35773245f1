package reach

import (
	"testing"

	"github.com/edgelint/edgelint/lint"
)

// The index must return what comparing with every upstream returns,
// including names that case folding maps across the ASCII boundary.
func TestUpstreamIndexMatchesScan(t *testing.T) {
	c := &lint.Config{}
	for _, n := range []string{"app", "App", "\u212Aeep", "Backend", "ſtatic", "static", "ünï", "ÜNÏ2", "keep"} {
		c.Upstreams = append(c.Upstreams, &lint.Upstream{Name: n})
	}
	ix := indexUpstreams(c)
	for _, q := range []string{"app", "APP", "keep", "KEEP", "kEEP", "backend", "static", "STATIC", "ſTATIC", "ÜNÏ", "ünï2", "missing", "", "\u212Aeep"} {
		if got, want := ix.named(q), upstreamNamed(c, q); got != want {
			t.Errorf("named(%q) = %v, scanning gives %v", q, got, want)
		}
	}
}
