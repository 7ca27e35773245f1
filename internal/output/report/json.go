package report

import (
	"encoding/json"
	"io"

	"github.com/edgelint/edgelint/lint"
)

// JSON v1 (CLI.md). Field order and names are the contract.
type jsonReport struct {
	Version  int           `json:"version"`
	Tool     jsonTool      `json:"tool"`
	Findings []jsonFinding `json:"findings"`
	Errors   []jsonError   `json:"errors"`
	// Notices is an extension of v1: present only when something was left
	// out of the lint, so reports without notices keep v1's exact shape.
	Notices []jsonError `json:"notices,omitempty"`
	// Hidden is an extension of v1 present only with --verbose: the
	// findings suppressions, exclusions, a baseline or --new-from-rev hid,
	// each with the step and the reason.
	Hidden []jsonHidden `json:"hidden,omitempty"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	// Config is an extension of v1, present only when a configuration
	// file was read, so runs without one keep v1's exact shape.
	Config string `json:"config,omitempty"`
}

type jsonFinding struct {
	Rule     string `json:"rule"`
	Name     string `json:"name"`
	Category string `json:"category"`
	Severity string `json:"severity"`
	Source   string `json:"source"`
	Message  string `json:"message"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Resource string `json:"resource"`
	// Module is an extension of v1, present only for a finding in a
	// Terraform module instance (`module.site["shop"]`), so other
	// findings keep v1's exact shape.
	Module  string        `json:"module,omitempty"`
	Related []jsonRelated `json:"related"`
	Docs    string        `json:"docs"`
}

type jsonHidden struct {
	jsonFinding
	Processor string `json:"processor"`
	Reason    string `json:"reason"`
}

type jsonRelated struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Resource string `json:"resource"`
	Module   string `json:"module,omitempty"` // as jsonFinding's
	Message  string `json:"message"`
}

type jsonError struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Resource string `json:"resource"`
	Message  string `json:"message"`
}

func writeJSON(w io.Writer, r *Report) error {
	out := jsonReport{
		Version:  1,
		Tool:     jsonTool{Name: r.Tool.Name, Version: r.Tool.Version, Config: r.Tool.Config},
		Findings: []jsonFinding{},
		Errors:   []jsonError{},
	}
	for _, f := range r.Findings {
		out.Findings = append(out.Findings, r.jsonFinding(f))
	}
	for _, e := range r.Errors {
		out.Errors = append(out.Errors, jsonError{File: e.Pos.File, Line: e.Pos.Line, Column: e.Pos.Col, Resource: e.Pos.Resource, Message: e.Message})
	}
	for _, n := range r.Notices {
		out.Notices = append(out.Notices, jsonError{File: n.Pos.File, Line: n.Pos.Line, Column: n.Pos.Col, Resource: n.Pos.Resource, Message: n.Message})
	}
	for _, h := range r.Hidden {
		out.Hidden = append(out.Hidden, jsonHidden{jsonFinding: r.jsonFinding(h.Finding), Processor: h.Processor, Reason: h.Reason})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func (r *Report) jsonFinding(f lint.Finding) jsonFinding {
	jf := jsonFinding{
		Rule: f.RuleID, Name: f.Name, Category: string(f.Category), Severity: f.Severity.String(),
		Source: string(f.Source), Message: f.Message,
		File: f.Pos.File, Line: f.Pos.Line, Column: f.Pos.Col, Resource: f.Pos.Resource, Module: f.Pos.Module,
		Related: []jsonRelated{}, Docs: r.docs(f),
	}
	for _, rel := range f.Related {
		jf.Related = append(jf.Related, jsonRelated{
			File: rel.Pos.File, Line: rel.Pos.Line, Column: rel.Pos.Col, Resource: rel.Pos.Resource, Module: rel.Pos.Module, Message: rel.Message,
		})
	}
	return jf
}
