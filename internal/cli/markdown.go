package cli

import (
	"fmt"
	"os"

	"github.com/charmbracelet/glamour"
)

// renderMarkdown renders a rule page for a terminal: headings, emphasis,
// tables and code blocks drawn rather than shown as Markdown syntax.
// NO_COLOR keeps the layout without colours.
func renderMarkdown(md string, width int) (string, error) {
	style := "dark"
	if os.Getenv("NO_COLOR") != "" {
		style = "notty"
	}
	if width <= 0 {
		width = 80
	}
	r, err := glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(width-4))
	if err != nil {
		return "", fmt.Errorf("rendering the page: %v", err)
	}
	out, err := r.Render(md)
	if err != nil {
		return "", fmt.Errorf("rendering the page: %v", err)
	}
	return out, nil
}
