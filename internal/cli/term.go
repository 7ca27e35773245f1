package cli

import (
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/edgelint/edgelint/internal/output/report"
)

// termWidth is the width tables are fitted to: the terminal's (ioctl),
// else COLUMNS, at least report.MinWidth. It is 0, the fixed layout, when w
// is not a terminal and COLUMNS is unset, so pipes, files and goldens keep
// their bytes.
func termWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok && isTerminal(w) {
		if n := ttyWidth(f); n > 0 {
			return max(n, report.MinWidth)
		}
	}
	if n, err := strconv.Atoi(strings.TrimSpace(os.Getenv("COLUMNS"))); err == nil && n > 0 {
		return max(n, report.MinWidth)
	}
	return 0
}
