package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/edgelint/edgelint/internal/routes"
)

// RouteFormats are the formats of `edgelint routes`.
var RouteFormats = []string{"text", "json", "markdown", "html"}

// RoutesJSONVersion is the version of the JSON contract (docs/CLI.md).
const RoutesJSONVersion = 1

// WriteRoutesJSON writes {"version":1,"routes":[...]}.
func WriteRoutesJSON(w io.Writer, rs []*routes.Route) error {
	if rs == nil {
		rs = []*routes.Route{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(struct {
		Version int             `json:"version"`
		Routes  []*routes.Route `json:"routes"`
	}{RoutesJSONVersion, rs})
}

// hopCell prints a hop's values one per line, "key value (from)".
func hopCell(h *routes.Hop) string {
	if h == nil {
		return "—"
	}
	lines := []string{h.Name}
	for _, v := range h.Values {
		if v.Key == "site" || v.Key == "location" {
			continue
		}
		lines = append(lines, fmt.Sprintf("%s %s (%s)", v.Key, v.Value, v.From))
	}
	seen := map[string]bool{}
	for _, f := range h.Findings {
		if l := fmt.Sprintf("✗ %s %s", f.Rule, f.Severity); !seen[l] {
			seen[l] = true
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

func hopOf(r *routes.Route, kind string) *routes.Hop {
	for _, h := range r.Hops {
		if h.Kind == kind {
			return h
		}
	}
	return nil
}

var hopKinds = []string{routes.CDN, routes.Proxy, routes.Upstream, routes.Backend, routes.Database}

var kindTitle = map[string]string{routes.CDN: "CDN", routes.Proxy: "Proxy", routes.Upstream: "Upstream",
	routes.Backend: "Backend", routes.Database: "Database"}

// presentKinds are the hop kinds some route has, in chain order: a table
// of nginx alone has no CDN or Database column.
func presentKinds(rs []*routes.Route) []string {
	has := map[string]bool{}
	for _, r := range rs {
		for _, h := range r.Hops {
			has[h.Kind] = true
		}
	}
	var out []string
	for _, k := range hopKinds {
		if has[k] {
			out = append(out, k)
		}
	}
	return out
}

// WriteRoutesText prints the table; width is the terminal's (0: not a
// terminal, cells are not wrapped).
func WriteRoutesText(w io.Writer, rs []*routes.Route, width int) error {
	if len(rs) == 0 {
		_, err := fmt.Fprintln(w, "no routes")
		return err
	}
	// The columns share the width; hop cells wrap inside their share.
	kinds := presentKinds(rs)
	share := 0
	if width > 0 {
		share = max((width-(len(kinds)+3)*3)/(len(kinds)+2), 12)
	}
	wrap := func(s string) string {
		if share == 0 {
			return s
		}
		var out []string
		for _, line := range strings.Split(s, "\n") {
			out = append(out, wrapWords(line, share))
		}
		return strings.Join(out, "\n")
	}
	header := []any{"Host", "Path"}
	for _, k := range kinds {
		header = append(header, kindTitle[k])
	}
	t := NewTable(w, header...)
	for _, r := range rs {
		row := []any{wrap(strings.Join(append([]string{r.Host}, r.Aliases...), "\n")), wrap(r.Path + "\n\n" + r.Chain())}
		for _, k := range kinds {
			row = append(row, wrap(hopCell(hopOf(r, k))))
		}
		if err := t.Append(row...); err != nil {
			return err
		}
	}
	if err := t.Render(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, plural(len(rs), "route", "routes"))
	return err
}

// WriteRoutesMarkdown prints a table for pull-request comments: one row per
// route with its chain, and the hops' values in a collapsed block.
func WriteRoutesMarkdown(w io.Writer, rs []*routes.Route) error {
	esc := func(s string) string {
		s = strings.ReplaceAll(s, "|", `\|`)
		s = strings.ReplaceAll(s, "<", "&lt;")
		s = strings.ReplaceAll(s, ">", "&gt;")
		return strings.ReplaceAll(s, "\n", "<br>")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "### Routes (%d)\n\n", len(rs))
	kinds := presentKinds(rs)
	b.WriteString("| Host | Path | Timeouts |")
	for _, k := range kinds {
		b.WriteString(" " + kindTitle[k] + " |")
	}
	b.WriteString("\n|---|---|---|" + strings.Repeat("---|", len(kinds)) + "\n")
	for _, r := range rs {
		fmt.Fprintf(&b, "| %s | `%s` | %s |", esc(r.Host), strings.ReplaceAll(r.Path, "`", "'"), esc(r.Chain()))
		for _, k := range kinds {
			h := hopOf(r, k)
			if h == nil {
				b.WriteString(" — |")
				continue
			}
			var parts []string
			for _, v := range h.Values {
				if v.Key == "site" || v.Key == "location" {
					continue
				}
				parts = append(parts, fmt.Sprintf("%s **%s** <sub>%s</sub>", esc(v.Key), esc(v.Value), esc(v.From)))
			}
			seen := map[string]bool{}
			for _, f := range h.Findings {
				if !seen[f.Rule] {
					seen[f.Rule] = true
					parts = append(parts, fmt.Sprintf("⚠️ [%s](%s) %s", f.Rule, f.Docs, f.Severity))
				}
			}
			fmt.Fprintf(&b, " %s |", strings.Join(parts, "<br>"))
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// wrapWords breaks s at spaces into lines of at most width runes (a
// longer word stays whole).
func wrapWords(s string, width int) string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		switch {
		case line == "":
			line = word
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) <= width:
			line += " " + word
		default:
			lines, line = append(lines, line), word
		}
	}
	return strings.Join(append(lines, line), "\n")
}
