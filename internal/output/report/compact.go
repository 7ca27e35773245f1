package report

import (
	"io"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

// writeCompact prints one line per finding in the form compilers use,
// "file:line:col: severity: message [EL4001 name]", so vim's quickfix list,
// VS Code problem matchers, grep and CI logs can jump to it. Related
// positions follow, indented, in the same form; errors and notices too,
// with "error" and "notice" as their severity. A finding in a Terraform
// module instance names it before the message, where a parser of
// "file:line:col:" keeps it as part of the message.
func writeCompact(w io.Writer, r *Report) error {
	var b strings.Builder
	for _, f := range r.Findings {
		b.WriteString(compactLine(f.Pos, f.Severity.String(), instanceMessage(f.Pos, f.Message)+" ["+f.RuleID+" "+f.Name+"]"))
		for _, rel := range f.Related {
			msg := rel.Message
			if rel.Pos.Module() != f.Pos.Module() {
				msg = instanceMessage(rel.Pos, msg)
			}
			b.WriteString("    " + compactLine(rel.Pos, "", msg))
		}
	}
	for _, e := range r.Errors {
		b.WriteString(compactLine(e.Pos, "error", e.Message))
	}
	for _, n := range r.Notices {
		b.WriteString(compactLine(n.Pos, "notice", n.Message))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// compactLine is one line; a message's own line breaks would split it, so
// they become spaces.
func compactLine(p lint.Position, severity, message string) string {
	var parts []string
	if where := p.String(); where != "" {
		parts = append(parts, where)
	} else {
		parts = append(parts, "edgelint")
	}
	if severity != "" {
		parts = append(parts, severity)
	}
	parts = append(parts, strings.Join(strings.Fields(message), " "))
	return strings.Join(parts, ": ") + "\n"
}
