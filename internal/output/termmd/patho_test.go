package termmd

import (
	"strings"
	"testing"
	"time"
)

// Input built to make a naive inline parser quadratic or cubic (every
// delimiter searching the rest of the paragraph, every bracket parsing a
// link to the end) still renders in well under the limit: the closers are
// looked for within reach.
func TestPathologicalInputIsFast(t *testing.T) {
	const n = 20000
	for _, s := range []string{
		strings.Repeat("[", n),
		strings.Repeat("*a ", n/3),
		strings.Repeat("**a ", n/4),
		strings.Repeat("`a ``", n/5),
		strings.Repeat("_a [x](", n/7),
		strings.Repeat(">", n),
		strings.Repeat("|", n) + "\n|-|\n",
		strings.Repeat(" - x\n", n/5),
	} {
		start := time.Now()
		out := Render(s, Options{Width: 80})
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("%q…: %v", s[:8], d)
		}
		if !strings.HasSuffix(out, "\n") {
			t.Errorf("%q…: no final newline", s[:8])
		}
	}
}
