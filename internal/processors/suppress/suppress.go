// Package suppress applies inline suppressions (`# edgelint:ignore RULE
// reason` comments) to findings, and reports suppressions that are
// malformed (EL9001) or unused (EL9002) through two synthetic rules.
//
// It is a processor: rules never see suppressions.
package suppress

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

var (
	//go:embed docs/malformed-suppression.md
	malformedDoc string
	//go:embed docs/unused-suppression.md
	unusedDoc string
)

// Malformed is reported for an edgelint comment that cannot be followed.
var Malformed = &lint.Rule{
	ID:        "EL9001",
	Name:      "malformed-suppression",
	Category:  lint.CategorySuppression,
	Title:     "suppression comment that names no valid rule, gives no reason or stands in the wrong place",
	Doc:       malformedDoc,
	Severity:  lint.Warning,
	Sources:   []lint.SourceKind{lint.Nginx, lint.Apache},
	Synthetic: true,
}

// Unused is reported for a suppression whose rules found nothing in its scope.
var Unused = &lint.Rule{
	ID:        "EL9002",
	Name:      "unused-suppression",
	Category:  lint.CategorySuppression,
	Title:     "suppression comment that suppresses no finding",
	Doc:       unusedDoc,
	Severity:  lint.Warning,
	Sources:   []lint.SourceKind{lint.Nginx, lint.Apache},
	Synthetic: true,
}

// Rules are the synthetic rules of this processor, to be registered with
// rules.Registry(suppress.Rules...).
var Rules = []*lint.Rule{Malformed, Unused}

const (
	prefix     = "edgelint:"
	ignore     = "edgelint:ignore"
	ignoreFile = "edgelint:ignore-file"
)

// Processor applies suppressions.
type Processor struct {
	Registry *lint.Registry
	// Ran reports whether rule ran over cfg: it was enabled, applies to the
	// config's source, and was not skipped (probe rules without --probe,
	// whole-tree rules on fragments). Unused suppressions are reported only
	// for rules that ran.
	Ran func(rule *lint.Rule, cfg *lint.Config) bool
	// Enabled reports whether a synthetic rule's findings are wanted.
	Enabled func(rule *lint.Rule) bool
	// Severity is a rule's effective severity (the user's override or the
	// rule's default).
	Severity func(rule *lint.Rule) lint.Severity
	// DocsURL links a rule's documentation.
	DocsURL func(rule *lint.Rule) string
}

// directive is one parsed edgelint comment, merged across the configs that
// share its file.
type directive struct {
	comment lint.Comment
	source  lint.SourceKind
	whole   bool         // ignore-file
	rules   []*lint.Rule // resolved; nil when malformed
	problem string       // why it is malformed
	used    map[string]bool
	ran     map[string]bool
}

// Apply removes suppressed findings and adds EL9001/EL9002 findings. It
// returns the kept findings and how many were suppressed.
func (p *Processor) Apply(configs []*lint.Config, findings []lint.Finding) ([]lint.Finding, int) {
	kept, hidden := p.Split(configs, findings)
	return kept, len(hidden)
}

// Suppressed is a finding a suppression comment hid.
type Suppressed struct {
	Finding lint.Finding
	// By is the first comment that covers the finding.
	By lint.Comment
}

// Split is Apply that also says which comment hid each suppressed finding.
func (p *Processor) Split(configs []*lint.Config, findings []lint.Finding) ([]lint.Finding, []Suppressed) {
	var dirs []*directive
	byPos := map[lint.Position]*directive{}
	for _, cfg := range configs {
		for _, c := range cfg.Comments {
			d, seen := byPos[c.Pos]
			if !seen {
				d = p.parse(c, cfg.Source)
				if d == nil {
					continue
				}
				byPos[c.Pos] = d
				dirs = append(dirs, d)
			}
			for _, r := range d.rules {
				if p.Ran == nil || p.Ran(r, cfg) {
					d.ran[r.ID] = true
				}
			}
		}
	}

	// A directive covers findings of one file only (covers): each finding
	// is matched against the directives of its file, in their order.
	byFile := map[string][]*directive{}
	for _, d := range dirs {
		if file := d.file(); file != "" {
			byFile[file] = append(byFile[file], d)
		}
	}
	kept := make([]lint.Finding, 0, len(findings))
	var suppressed []Suppressed
	for _, f := range findings {
		var by *directive
		for _, d := range byFile[f.Pos.File()] {
			if d.covers(f) {
				d.used[f.RuleID] = true
				if by == nil {
					by = d
				}
			}
		}
		if by != nil {
			suppressed = append(suppressed, Suppressed{Finding: f, By: by.comment})
			continue
		}
		kept = append(kept, f)
	}

	for _, d := range dirs {
		if d.problem != "" {
			kept = p.add(kept, Malformed, d, d.problem)
			continue
		}
		for _, r := range d.rules {
			if d.used[r.ID] || !d.ran[r.ID] {
				continue
			}
			what := "the directive below it"
			switch {
			case d.whole:
				what = "this file"
			case d.comment.Trailing:
				what = "this directive"
			case d.comment.Scope.IsZero():
				what = "anything (no directive follows it)"
			}
			kept = p.add(kept, Unused, d, fmt.Sprintf("suppression of %s (%s) matches no finding in %s: remove it, or a later finding there will be hidden", r.ID, r.Name, what))
		}
	}
	lint.SortFindings(kept)
	return kept, suppressed
}

func (p *Processor) add(fs []lint.Finding, rule *lint.Rule, d *directive, msg string) []lint.Finding {
	if p.Enabled != nil && !p.Enabled(rule) {
		return fs
	}
	sev := rule.Severity
	if p.Severity != nil {
		sev = p.Severity(rule)
	}
	docs := ""
	if p.DocsURL != nil {
		docs = p.DocsURL(rule)
	}
	return append(fs, lint.Finding{
		RuleID: rule.ID, Name: rule.Name, Category: rule.Category, Severity: sev,
		Source: d.source, Message: msg, Pos: d.comment.Pos, Docs: docs,
	})
}

// covers reports whether a well-formed directive suppresses f.
// file is the one file whose findings d can cover ("" for none).
func (d *directive) file() string {
	if d.problem != "" {
		return ""
	}
	if d.whole {
		return d.comment.Pos.File()
	}
	return d.comment.Scope.File()
}

func (d *directive) covers(f lint.Finding) bool {
	if d.problem != "" || f.Pos.File() == "" {
		return false
	}
	match := false
	for _, r := range d.rules {
		match = match || r.ID == f.RuleID
	}
	if !match {
		return false
	}
	if d.whole {
		return f.Pos.File() == d.comment.Pos.File()
	}
	s := d.comment.Scope
	if s.IsZero() || f.Pos.File() != s.File() {
		return false
	}
	return f.Pos.Line >= s.Line && f.Pos.Line <= max(s.EndLine, s.Line)
}

// parse reads an edgelint comment; other comments give nil.
func (p *Processor) parse(c lint.Comment, source lint.SourceKind) *directive {
	text := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(c.Text), "#"))
	if !strings.HasPrefix(strings.ToLower(text), prefix) {
		return nil
	}
	d := &directive{comment: c, source: source, used: map[string]bool{}, ran: map[string]bool{}}
	verb, rest, _ := strings.Cut(text, " ")
	rest = strings.TrimSpace(rest)
	switch verb {
	case ignore:
	case ignoreFile:
		d.whole = true
		if !c.BeforeFirstDirective {
			d.problem = "edgelint:ignore-file must stand above the first directive of the file; use edgelint:ignore above the directive instead"
			return d
		}
	default:
		d.problem = fmt.Sprintf("unknown suppression %q: write edgelint:ignore RULE reason or edgelint:ignore-file RULE reason", verb)
		return d
	}
	list, reason := splitRules(rest)
	if list == "" {
		d.problem = verb + " names no rule: write " + verb + " RULE[,RULE] reason"
		return d
	}
	var unknown []string
	for _, key := range strings.Split(list, ",") {
		key = strings.TrimSpace(key)
		if key == "" {
			continue
		}
		r, ok := p.Registry.Lookup(key)
		if !ok {
			unknown = append(unknown, key)
			continue
		}
		d.rules = append(d.rules, r)
	}
	switch {
	case len(unknown) > 0:
		d.problem = fmt.Sprintf("%s names unknown rule %s: use a rule ID or name from `edgelint rules`", verb, strings.Join(unknown, ", "))
	case reason == "":
		d.problem = fmt.Sprintf("%s %s has no reason: say why after the rule, e.g. %s %s the batch export takes minutes", verb, list, verb, list)
	}
	if d.problem != "" {
		d.rules = nil
	}
	return d
}

// splitRules separates "EL4001, EL4002 reason words" into the rule list
// and the reason, allowing spaces after the commas.
func splitRules(s string) (list, reason string) {
	fields := strings.Fields(s)
	i := 0
	for i < len(fields) {
		list += fields[i]
		i++
		if !strings.HasSuffix(fields[i-1], ",") && (i >= len(fields) || !strings.HasPrefix(fields[i], ",")) {
			break
		}
	}
	return strings.Trim(list, ","), strings.Join(fields[i:], " ")
}
