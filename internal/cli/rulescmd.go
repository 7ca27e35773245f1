package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"gopkg.in/yaml.v3"

	"github.com/edgelint/edgelint/internal/output/report"
	"github.com/edgelint/edgelint/internal/output/ruledocs"
	"github.com/edgelint/edgelint/lint"
)

//go:generate go run github.com/edgelint/edgelint/cmd/edgelint rules --write-docs ../../docs/rules --write-readme ../../README.md

type ruleJSON struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Category  string   `json:"category"`
	Severity  string   `json:"severity"`
	Sources   []string `json:"sources"`
	Title     string   `json:"title"`
	Cross     bool     `json:"cross"`
	WholeTree bool     `json:"whole_tree"`
	Probe     bool     `json:"probe"`
	Synthetic bool     `json:"synthetic"`
	Options   any      `json:"options"`
	Docs      string   `json:"docs"`
}

func (e *env) rules(args []string) error {
	fs := flag.NewFlagSet("rules", flag.ContinueOnError)
	format := fs.String("format", "text", "output `FORMAT`: text, json or markdown")
	writeDocs := fs.String("write-docs", "", "write one Markdown page per rule and an index README.md into `DIR`")
	writeReadme := fs.String("write-readme", "", "refresh the rule table between the rules markers of the README `FILE`")
	rest, err := parse(fs, args)
	if err == flag.ErrHelp {
		return e.help(fs, "edgelint rules [--format FORMAT] [--write-docs DIR] [--write-readme FILE]",
			"edgelint rules",
			"edgelint rules --format json | jq -r '.[].id'")
	}
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	reg, err := registry()
	if err != nil {
		return err
	}
	rs := reg.Rules()
	if *writeDocs != "" {
		if err := ruledocs.Write(*writeDocs, rs); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "edgelint: wrote %d rule pages and README.md to %s\n", len(rs), *writeDocs)
	}
	if *writeReadme != "" {
		old, err := os.ReadFile(*writeReadme)
		if err != nil {
			return fmt.Errorf("--write-readme %s: %v", *writeReadme, readError(err))
		}
		updated, err := ruledocs.Readme(string(old), rs)
		if err != nil {
			return fmt.Errorf("%s: %v", *writeReadme, err)
		}
		if err := os.WriteFile(*writeReadme, []byte(updated), 0o644); err != nil {
			return fmt.Errorf("--write-readme %s: %v", *writeReadme, plainPathError(err))
		}
	}
	if *writeDocs != "" || *writeReadme != "" {
		return nil
	}
	switch *format {
	case "text":
		header := []string{"ID", "Name", "Category", "Severity", "Sources", "Summary"}
		var rows [][]string
		for _, r := range rs {
			name := r.Name
			if r.Probe {
				name += " (--probe)"
			}
			rows = append(rows, []string{r.ID, name, string(r.Category), r.Severity.String(), ruledocs.Sources(r), r.Title})
		}
		header, rows = fitRules(termWidth(e.stdout), header, rows)
		table := report.NewTable(e.stdout, toAny(header)...)
		for _, row := range rows {
			if err := table.Append(row); err != nil {
				return err
			}
		}
		return table.Render()
	case "json":
		out := []ruleJSON{}
		for _, r := range rs {
			j := ruleJSON{ID: r.ID, Name: r.Name, Category: string(r.Category), Severity: r.Severity.String(),
				Title: r.Title, Cross: r.Cross, WholeTree: r.WholeTree, Probe: r.Probe, Synthetic: r.Synthetic,
				Docs: ruledocs.DocsURL(r), Sources: []string{}}
			for _, s := range r.Sources {
				j.Sources = append(j.Sources, string(s))
			}
			if r.Options != nil {
				// through YAML so durations read as in .edgelint.yaml ("30s")
				// rather than as nanoseconds
				b, err := yaml.Marshal(r.Options.Default())
				if err != nil {
					return fmt.Errorf("%s options: %v", r.ID, err)
				}
				if err := yaml.Unmarshal(b, &j.Options); err != nil {
					return fmt.Errorf("%s options: %v", r.ID, err)
				}
			}
			out = append(out, j)
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	case "markdown":
		_, err := fmt.Fprint(e.stdout, ruledocs.Table(rs, "docs/rules/"))
		return err
	}
	return usagef("--format %q: want text, json or markdown", *format)
}

func (e *env) explain(args []string) error {
	fs := flag.NewFlagSet("explain", flag.ContinueOnError)
	format := fs.String("format", "", "`FORMAT`: terminal (rendered, the default on a terminal) or markdown (the default otherwise)")
	rest, err := parse(fs, args)
	if err == flag.ErrHelp {
		return e.help(fs, "edgelint explain [--format FORMAT] RULE",
			"edgelint explain EL4001",
			"edgelint explain upstream-read-timeout-short --format markdown > EL4001.md")
	}
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("want exactly one rule ID or name, e.g. `edgelint explain EL4001`")
	}
	switch *format {
	case "":
		*format = "markdown"
		if isTerminal(e.stdout) {
			*format = "terminal"
		}
	case "terminal", "markdown":
	default:
		return usagef("--format %q: want terminal or markdown", *format)
	}
	reg, err := registry()
	if err != nil {
		return err
	}
	r, ok := reg.Lookup(rest[0])
	if !ok {
		return usagef("unknown rule %q (see `edgelint rules`)%s", rest[0], suggest(reg, rest[0]))
	}
	page, err := ruledocs.Page(r)
	if err != nil {
		return err
	}
	// the generated-file marker is for the checked-in copy, not the reader
	page = page[strings.Index(page, "\n")+1:]
	page = fmt.Sprintf("%s\nOnline: %s\n", page, ruledocs.DocsURL(r))
	if *format == "terminal" {
		if page, err = renderMarkdown(page, termWidth(e.stdout)); err != nil {
			return err
		}
	}
	_, err = fmt.Fprint(e.stdout, page)
	return err
}

// suggest names rules whose name contains the word asked for.
func suggest(reg *lint.Registry, key string) string {
	var hits []string
	for _, r := range reg.Rules() {
		if len(key) >= 3 && strings.Contains(r.Name, strings.ToLower(key)) {
			hits = append(hits, r.ID+" "+r.Name)
		}
	}
	if len(hits) == 0 || len(hits) > 5 {
		return ""
	}
	return "; did you mean " + strings.Join(hits, ", ") + "?"
}

// fitRules fits the rules table to a terminal's width: the summary wraps,
// and when it would still be too narrow to read the columns the JSON and
// Markdown forms carry too (category, sources, severity) go, and at last
// the summary goes under the name.
func fitRules(width int, header []string, rows [][]string) ([]string, [][]string) {
	if width <= 0 {
		return header, rows
	}
	keep := func(cols []int) ([]string, [][]string, int) {
		h := pick(header, cols)
		out := make([][]string, len(rows))
		widths := make([]int, len(cols)-1)
		for i, row := range append([][]string{header}, rows...) {
			r := pick(row, cols)
			if i > 0 {
				out[i-1] = r
			}
			for j := range widths {
				widths[j] = max(widths[j], twwidth.Width(r[j]))
			}
		}
		return h, out, report.FitLast(width, widths...)
	}
	const minSummary = 24
	for _, cols := range [][]int{{0, 1, 2, 3, 4, 5}, {0, 1, 3, 4, 5}, {0, 1, 3, 5}, {0, 1, 5}} {
		h, out, last := keep(cols)
		if last >= minSummary {
			for _, r := range out {
				r[len(r)-1] = report.Wrap(r[len(r)-1], last)
			}
			return h, out
		}
	}
	h, out, _ := keep([]int{0, 1})
	h[1] = "Name and summary"
	nameWidth := report.FitLast(width, twwidth.Width("EL0000"))
	for i, r := range out {
		r[1] = r[1] + "\n" + report.Wrap(rows[i][5], nameWidth)
	}
	return h, out
}

func pick(row []string, cols []int) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = row[c]
	}
	return out
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
