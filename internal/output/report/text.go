package report

import (
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/pkg/twwidth"
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

// messageWidth is where the message column wraps when the width of the
// output is not known (a pipe, a file, a golden).
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
		lay := fit(r.Width, byGroup[g], g)
		if lay.fitted {
			// cells arrive wrapped (wrap breaks what tablewriter would
			// leave too wide: a resource path has no space to break at)
			table.Configure(func(c *tablewriter.Config) { c.Row.Formatting.AutoWrap = tw.WrapNone })
		} else {
			// long messages wrap in their column rather than widening the table
			table.Configure(func(c *tablewriter.Config) {
				c.Row.Formatting.AutoWrap = tw.WrapNormal
				c.Row.ColMaxWidths.PerColumn = tw.Mapper[int, int]{3: messageWidth}
			})
		}
		for _, f := range byGroup[g] {
			msg := lay.wrap(instanceMessage(f.Pos, f.Message), lay.message)
			for _, rel := range f.Related {
				where := rel.Pos.String()
				switch dir := path.Dir(g) + "/"; {
				case rel.Pos.File() != "" && rel.Pos.File() == g:
					// the group heading already names the file
					where = "line " + position(rel.Pos, g)
				case dir != "./" && strings.HasPrefix(where, dir):
					where = strings.TrimPrefix(where, dir)
				}
				if rel.Pos.Module() != f.Pos.Module() && rel.Pos.Module() != "" {
					where += " in " + rel.Pos.Module() // another instance's
				}
				for _, line := range strings.Split(lay.wrap("↳ "+where+": "+rel.Message, lay.message), "\n") {
					msg += "\n" + pt.paint(ansiDim, line)
				}
			}
			if err := table.Append([]string{lay.wrap(position(f.Pos, g), lay.position), pt.severity(f.Severity), lay.rule(f), msg}); err != nil {
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
	if p.File() != "" {
		return p.File()
	}
	parts := strings.SplitN(p.Resource(), "/", 3)
	if len(parts) >= 2 {
		return parts[0] + "/" + parts[1]
	}
	return p.Resource()
}

// position is what the Position column shows under a group heading.
func position(p lint.Position, g string) string {
	if p.File() == "" {
		return strings.TrimPrefix(strings.TrimPrefix(p.Resource(), g), "/")
	}
	switch {
	case p.Line > 0 && p.Col > 0:
		return fmt.Sprintf("%d:%d", p.Line, p.Col)
	case p.Line > 0:
		return fmt.Sprint(p.Line)
	}
	return "-"
}

// Fitting a findings table to a width: the message column takes what the
// other columns leave. When that is too little for a readable message, the
// rule's name goes under its ID, then only the ID is shown (the "Rules:"
// list after the tables names every rule), and at last a long position (a
// live resource) wraps too.
const (
	// cellExtra is a cell's padding and its left border.
	cellExtra = 3
	// minMessage is the narrowest message column worth reading.
	minMessage = 24
	// MinWidth is the narrowest table edgelint draws; narrower terminals
	// get it anyway and wrap it themselves.
	MinWidth = 60
)

type layout struct {
	fitted   bool
	message  int // the message column's width, 0 when unbounded
	position int // the position column's width, 0 when unbounded
	ruleForm int // 0 "ID name", 1 ID above name, 2 ID only
}

func (l layout) rule(f lint.Finding) string {
	switch l.ruleForm {
	case 1:
		return f.RuleID + "\n" + f.Name
	case 2:
		return f.RuleID
	}
	return f.RuleID + " " + f.Name
}

// wrap is Wrap in a fitted layout; otherwise it leaves s to tablewriter.
func (l layout) wrap(s string, width int) string {
	if !l.fitted || width <= 0 {
		return s
	}
	return Wrap(s, width)
}

// Wrap breaks s into lines of at most width columns at spaces, and inside
// a word longer than a line.
func Wrap(s string, width int) string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		for twwidth.Width(word) > width {
			if line != "" {
				lines, line = append(lines, line), ""
			}
			cut := 0
			for i := range word {
				if twwidth.Width(word[:i]) > width {
					break
				}
				cut = i
			}
			lines, word = append(lines, word[:cut]), word[cut:]
		}
		switch {
		case line == "":
			line = word
		case twwidth.Width(line)+1+twwidth.Width(word) <= width:
			line += " " + word
		default:
			lines, line = append(lines, line), word
		}
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

func fit(width int, fs []lint.Finding, g string) layout {
	if width <= 0 {
		return layout{}
	}
	width = max(width, MinWidth)
	pos, sev := twwidth.Width("Position"), twwidth.Width("Severity")
	full, stacked, id := twwidth.Width("Rule"), twwidth.Width("Rule"), twwidth.Width("Rule")
	for _, f := range fs {
		pos = max(pos, twwidth.Width(position(f.Pos, g)))
		sev = max(sev, twwidth.Width(f.Severity.String()))
		full = max(full, twwidth.Width(f.RuleID+" "+f.Name))
		stacked = max(stacked, twwidth.Width(f.RuleID), twwidth.Width(f.Name))
		id = max(id, twwidth.Width(f.RuleID))
	}
	// four cells and the closing border
	budget := width - 4*cellExtra - 1
	l := layout{fitted: true, ruleForm: 2, message: minMessage}
	for form, rule := range []int{full, stacked, id} {
		if msg := budget - pos - sev - rule; msg >= minMessage {
			l.ruleForm, l.message = form, msg
			return l
		}
	}
	l.position = max(budget-sev-id-minMessage, twwidth.Width("Position"))
	return l
}

// FitLast returns the width the last column of a table may take so that
// the table is at most width columns wide (at least MinWidth), given the
// widest cell of each other column; it is below 1 when nothing is left,
// and 0 when width is 0 (not a terminal).
func FitLast(width int, others ...int) int {
	if width <= 0 {
		return 0
	}
	rest := max(width, MinWidth) - (len(others)+1)*cellExtra - 1
	for _, o := range others {
		rest -= o
	}
	return rest
}
