package cli

import (
	"os"

	"github.com/edgelint/edgelint/internal/output/termmd"
)

// renderMarkdown renders a rule page for a terminal: headings, emphasis,
// tables and code blocks drawn rather than shown as Markdown syntax.
// NO_COLOR keeps the layout without colours.
func renderMarkdown(md string, width int) (string, error) {
	return termmd.Render(md, termmd.Options{Width: width, Color: os.Getenv("NO_COLOR") == ""}), nil
}
