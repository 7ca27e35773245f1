// Package report writes lint results in the formats CLI.md promises:
// a text table for people, JSON v1 for scripts, SARIF 2.1.0 for code
// scanning, GitHub Actions workflow commands, Checkstyle and JUnit XML.
package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/edgelint/edgelint/internal/processors"
	"github.com/edgelint/edgelint/internal/routes"
	"github.com/edgelint/edgelint/lint"
)

// Tool identifies edgelint in machine-readable output.
type Tool struct {
	Name           string
	Version        string
	InformationURI string
	// Config is the .edgelint.yaml the run read, as displayed ("" = none).
	Config string
}

// Report is everything a reporter prints.
type Report struct {
	Tool Tool
	// Rules are every registered rule; SARIF lists them as rule metadata.
	Rules []*lint.Rule
	// DocsURL links a rule's documentation page.
	DocsURL  func(*lint.Rule) string
	Findings []lint.Finding
	Errors   []lint.LoadError
	// Notices say what was not linted and why; they do not fail the run.
	Notices []lint.Notice
	// Hidden are the findings the processors hid, with why (--verbose);
	// only JSON lists them.
	Hidden []processors.Dropped
	// Files are the display paths of every file that was linted; Zones the
	// resources of live zones read through an API.
	Files []string
	Zones []string
	// Color enables ANSI colours in the text format.
	Color bool
	// Width is the terminal's width the text format fits its tables to;
	// 0 keeps the fixed layout of pipes and files.
	Width int
	// Routes are the routes the html format draws (edgelint routes, and
	// check with --format html); RoutesOnly titles the page for routes.
	Routes     []*routes.Route
	RoutesOnly bool
}

// Formats lists the format names in documentation order.
var Formats = []string{"text", "compact", "json", "sarif", "github", "checkstyle", "junit", "html"}

var writers = map[string]func(io.Writer, *Report) error{
	"text":       writeText,
	"compact":    writeCompact,
	"json":       writeJSON,
	"sarif":      writeSARIF,
	"github":     writeGitHub,
	"checkstyle": writeCheckstyle,
	"junit":      writeJUnit,
	"html":       writeHTML,
}

// Known reports whether name is a format.
func Known(name string) bool {
	_, ok := writers[name]
	return ok
}

// Write writes r to w in the named format.
func Write(w io.Writer, format string, r *Report) error {
	fn, ok := writers[format]
	if !ok {
		return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats, ", "))
	}
	return fn(w, r)
}

func (r *Report) docs(f lint.Finding) string {
	if f.Docs != "" {
		return f.Docs
	}
	if rule := r.rule(f.RuleID); rule != nil && r.DocsURL != nil {
		return r.DocsURL(rule)
	}
	return ""
}

func (r *Report) rule(id string) *lint.Rule {
	for _, rule := range r.Rules {
		if rule.ID == id {
			return rule
		}
	}
	return nil
}

// instanceMessage is a message as the one-line formats print it: a
// finding in a Terraform module instance names the instance first
// (`module.site["shop"]: …`), since every instance of the module stands at
// the same file:line and may say the same thing.
func instanceMessage(p lint.Position, message string) string {
	if p.Module() == "" {
		return message
	}
	return p.Module() + ": " + message
}

// relatedWhere is where a related position is, as the text formats print
// it: with its module instance when that is not the finding's own (which
// the finding's line already names).
func relatedWhere(f lint.Finding, rel lint.Related) string {
	if rel.Pos.Module() == f.Pos.Module() {
		return rel.Pos.String()
	}
	return rel.Pos.Where()
}

// place is the file, or for live objects the resource, a finding or error
// belongs to.
func place(p lint.Position) string {
	if p.File() != "" {
		return p.File()
	}
	return p.Resource()
}

// failed counts the distinct files and live resources that could not be
// linted, and the errors that concern no input in particular (a rule that
// crashed, a refused API token).
func failed(errs []lint.LoadError) (files, resources, other int) {
	seenF, seenR := map[string]bool{}, map[string]bool{}
	for _, e := range errs {
		switch {
		case e.Pos.File() != "":
			seenF[e.Pos.File()] = true
		case e.Pos.Resource() != "":
			seenR[e.Pos.Resource()] = true
		default:
			other++
		}
	}
	return len(seenF), len(seenR), other
}

// Summary is the one-line account the text format ends with, e.g.
// "3 findings (1 error, 2 warnings) in 4 files; 1 file could not be linted".
func Summary(r *Report) string {
	var b strings.Builder
	count := map[lint.Severity]int{}
	for _, f := range r.Findings {
		count[f.Severity]++
	}
	if len(r.Findings) == 0 {
		b.WriteString("no findings")
	} else {
		b.WriteString(plural(len(r.Findings), "finding", "findings"))
		var parts []string
		for _, s := range []lint.Severity{lint.Error, lint.Warning, lint.Info} {
			if n := count[s]; n > 0 {
				name := s.String()
				parts = append(parts, plural(n, name, name+"s"))
			}
		}
		b.WriteString(" (" + strings.Join(parts, ", ") + ")")
	}
	switch {
	case len(r.Zones) == 0:
		b.WriteString(" in " + plural(len(r.Files), "file", "files"))
	case len(r.Files) == 0:
		b.WriteString(" in " + plural(len(r.Zones), "zone", "zones"))
	default:
		b.WriteString(" in " + plural(len(r.Files), "file", "files") + " and " + plural(len(r.Zones), "zone", "zones"))
	}
	files, resources, other := failed(r.Errors)
	if files > 0 {
		b.WriteString("; " + plural(files, "file", "files") + " could not be linted")
	}
	if resources > 0 {
		b.WriteString("; " + plural(resources, "resource", "resources") + " could not be read")
	}
	if other > 0 {
		b.WriteString("; " + plural(other, "other error", "other errors"))
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// ruleRef is a rule that findings refer to, with its documentation link.
type ruleRef struct{ id, name, docs string }

// usedRules returns the rules findings refer to, sorted by ID.
func (r *Report) usedRules() []ruleRef {
	seen := map[string]bool{}
	var out []ruleRef
	for _, f := range r.Findings {
		if !seen[f.RuleID] {
			seen[f.RuleID] = true
			out = append(out, ruleRef{id: f.RuleID, name: f.Name, docs: r.docs(f)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}
