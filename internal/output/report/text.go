package report

import (
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/edgelint/edgelint/lint"
)

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiDim    = "\x1b[2m"
)

// messageWidth is where the message column wraps.
const messageWidth = 80

type painter bool

func (p painter) paint(code, s string) string {
	if !p || s == "" {
		return s
	}
	return code + s + ansiReset
}

func (p painter) severity(s lint.Severity) string {
	switch s {
	case lint.Error:
		return p.paint(ansiRed+ansiBold, s.String())
	case lint.Warning:
		return p.paint(ansiYellow, s.String())
	}
	return p.paint(ansiCyan, s.String())
}

// NewTable is the table style of edgelint's text output: light borders,
// headers as written, cells aligned left.
func NewTable(w io.Writer, header ...any) *tablewriter.Table {
	t := tablewriter.NewTable(w,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleLight)})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAlignment(tw.AlignLeft),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithTrimSpace(tw.Off),
	)
	t.Header(header...)
	return t
}

// writeText prints one table per file (or per zone for live objects), the
// documentation link of every rule that fired, the inputs that could not
// be linted, and a summary line.
func writeText(w io.Writer, r *Report) error {
	pt := painter(r.Color)
	var groups []string
	byGroup := map[string][]lint.Finding{}
	for _, f := range r.Findings {
		g := group(f.Pos)
		if _, ok := byGroup[g]; !ok {
			groups = append(groups, g)
		}
		byGroup[g] = append(byGroup[g], f)
	}
	for _, g := range groups {
		if _, err := fmt.Fprintln(w, pt.paint(ansiBold, g)); err != nil {
			return err
		}
		table := NewTable(w, "Position", "Severity", "Rule", "Message")
		// long messages wrap in their column rather than widening the table
		table.Configure(func(c *tablewriter.Config) {
			c.Row.Formatting.AutoWrap = tw.WrapNormal
			c.Row.ColMaxWidths.PerColumn = tw.Mapper[int, int]{3: messageWidth}
		})
		for _, f := range byGroup[g] {
			msg := f.Message
			for _, rel := range f.Related {
				where := rel.Pos.String()
				switch dir := path.Dir(g) + "/"; {
				case rel.Pos.File != "" && rel.Pos.File == g:
					// the group heading already names the file
					where = "line " + position(rel.Pos, g)
				case dir != "./" && strings.HasPrefix(where, dir):
					where = strings.TrimPrefix(where, dir)
				}
				msg += "\n" + pt.paint(ansiDim, "↳ "+where+": "+rel.Message)
			}
			if err := table.Append([]string{position(f.Pos, g), pt.severity(f.Severity), f.RuleID + " " + f.Name, msg}); err != nil {
				return err
			}
		}
		if err := table.Render(); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	if used := r.usedRules(); len(used) > 0 {
		fmt.Fprintln(w, pt.paint(ansiBold, "Rules:"))
		for _, u := range used {
			line := "  " + u.id + " " + u.name
			if u.docs != "" {
				line += ": " + u.docs
			}
			fmt.Fprintln(w, line)
		}
		fmt.Fprintln(w)
	}
	if len(r.Notices) > 0 {
		fmt.Fprintln(w, pt.paint(ansiBold, "Notices:"))
		for _, n := range r.Notices {
			fmt.Fprintln(w, "  "+n.String())
		}
		fmt.Fprintln(w)
	}
	if len(r.Errors) > 0 {
		fmt.Fprintln(w, pt.paint(ansiRed+ansiBold, "Could not lint:"))
		for _, e := range r.Errors {
			fmt.Fprintln(w, "  "+e.Error())
		}
		fmt.Fprintln(w)
	}
	_, err := fmt.Fprintln(w, Summary(r))
	return err
}

// group is the heading a finding is listed under: its file, or the zone of
// a live object ("cloudflare:zone/example.com").
func group(p lint.Position) string {
	if p.File != "" {
		return p.File
	}
	parts := strings.SplitN(p.Resource, "/", 3)
	if len(parts) >= 2 {
		return parts[0] + "/" + parts[1]
	}
	return p.Resource
}

// position is what the Position column shows under a group heading.
func position(p lint.Position, g string) string {
	if p.File == "" {
		return strings.TrimPrefix(strings.TrimPrefix(p.Resource, g), "/")
	}
	switch {
	case p.Line > 0 && p.Col > 0:
		return fmt.Sprintf("%d:%d", p.Line, p.Col)
	case p.Line > 0:
		return fmt.Sprint(p.Line)
	}
	return "-"
}
