package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

// GitHub Actions workflow commands:
// https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
// ::error file=F,line=L,col=C,title=T::message
func writeGitHub(w io.Writer, r *Report) error {
	for _, f := range r.Findings {
		if _, err := io.WriteString(w, annotation(githubLevel(f.Severity), f.Pos, f.RuleID+" "+f.Name, githubMessage(f))); err != nil {
			return err
		}
	}
	for _, e := range r.Errors {
		msg := e.Message
		if e.Pos.File() == "" && e.Pos.Resource() != "" {
			msg = e.Pos.Resource() + ": " + msg
		}
		if _, err := io.WriteString(w, annotation("error", e.Pos, "edgelint could not lint this input", msg)); err != nil {
			return err
		}
	}
	for _, n := range r.Notices {
		if _, err := io.WriteString(w, annotation("notice", n.Pos, "edgelint did not lint this input", n.Message)); err != nil {
			return err
		}
	}
	return nil
}

func githubLevel(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	}
	return "notice"
}

// githubMessage names the resource of live objects, which have no file to
// annotate, and the module instance of a finding in a Terraform module
// (two instances annotate the same line).
func githubMessage(f lint.Finding) string {
	msg := instanceMessage(f.Pos, f.Message)
	if f.Pos.File() == "" && f.Pos.Resource() != "" {
		msg = f.Pos.Resource() + ": " + msg
	}
	return msg
}

func annotation(level string, p lint.Position, title, message string) string {
	var props []string
	if p.File() != "" {
		props = append(props, "file="+escapeProperty(p.File()))
		if p.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", p.Line))
			if p.Col > 0 {
				props = append(props, fmt.Sprintf("col=%d", p.Col))
			}
		}
	}
	props = append(props, "title="+escapeProperty(title))
	return "::" + level + " " + strings.Join(props, ",") + "::" + escapeData(message) + "\n"
}

// escapeData and escapeProperty follow the runner's rules
// (actions/toolkit packages/core/src/command.ts).
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
