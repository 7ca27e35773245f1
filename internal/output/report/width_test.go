package report

import (
	"strings"
	"testing"

	"github.com/olekukonko/tablewriter/pkg/twwidth"

	"github.com/edgelint/edgelint/lint"
)

// At 60, 80 and 120 columns no line of the text output is wider than the
// terminal (the summary and notice lines aside, which are prose the
// terminal wraps), only the message column (and at last a live resource's
// position) wraps, and every word of every message is still there.
func TestTextFitsTheTerminal(t *testing.T) {
	readme := lint.Finding{RuleID: "EL4001", Name: "upstream-read-timeout-short", Severity: lint.Warning,
		Message: "proxy_read_timeout 10s is shorter than 15s → 504 when the backend takes longer than 10s to answer",
		Pos:     lint.At("examples/nginx/timeouts/upstream-read-timeout-short/broken/nginx.conf", 27, 9),
		Related: []lint.Related{{Pos: lint.At("examples/nginx/timeouts/upstream-read-timeout-short/broken/nginx.conf", 29, 9), Message: "applies to location /"}}}
	for _, width := range []int{60, 80, 120} {
		r := fullReport()
		r.Findings = append(r.Findings, readme)
		r.Width = width
		out := string(write(t, "text", r))
		inTable := false
		for _, line := range strings.Split(out, "\n") {
			switch {
			case strings.HasPrefix(line, "┌"):
				inTable = true
			case strings.HasPrefix(line, "└"):
				inTable = false
				fallthrough
			case inTable:
				if w := twwidth.Width(line); w > width {
					t.Errorf("%d columns: line is %d wide: %s", width, w, line)
				}
			}
		}
		flat := strings.Join(strings.Fields(strings.NewReplacer("│", " ", "↳", " ").Replace(out)), " ")
		for _, f := range r.Findings {
			for _, word := range strings.Fields(f.Message) {
				if !strings.Contains(flat, word) {
					t.Errorf("%d columns: %q of %q lost:\n%s", width, word, f.Message, out)
				}
			}
		}
		if !strings.Contains(out, "EL4001") {
			t.Errorf("%d columns: no rule ID:\n%s", width, out)
		}
		t.Logf("%d columns:\n%s", width, out)
	}
}

// Without a width (a pipe, a file) the layout is the fixed one of the
// goldens: messages wrap at 80 columns, whatever the table's width.
func TestTextWithoutWidthKeepsTheFixedLayout(t *testing.T) {
	r := fullReport()
	if fit(0, r.Findings, "").fitted {
		t.Errorf("layout without a width changed")
	}
	// a width below the minimum is the minimum
	if a, b := fit(20, r.Findings, "sites/app.conf"), fit(MinWidth, r.Findings, "sites/app.conf"); a != b {
		t.Errorf("width 20 gives %+v, %d gives %+v", a, MinWidth, b)
	}
}
