// Package ruledocs renders the rule documentation that is checked in under
// docs/rules: one page per rule and an index, all generated from the rule
// values so docs cannot drift from the code.
package ruledocs

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/edgelint/edgelint/lint"
)

// BaseURL is where the generated pages are published.
const BaseURL = "https://github.com/edgelint/edgelint/blob/main/docs/rules/"

// DocsURL is a rule's documentation link, printed with each finding.
func DocsURL(r *lint.Rule) string { return BaseURL + r.ID + ".md" }

const generated = "<!-- Generated from the rule's source by `edgelint rules --write-docs docs/rules` (go generate ./internal/cli); do not edit. -->\n"

// Sources lists a rule's source kinds as text.
func Sources(r *lint.Rule) string {
	var s []string
	for _, k := range r.Sources {
		s = append(s, string(k))
	}
	return strings.Join(s, ", ")
}

// Traits names what a rule needs to run.
func Traits(r *lint.Rule) []string {
	var t []string
	if r.Cross {
		t = append(t, "cross-layer (sees every loaded config and zone together)")
	}
	if r.WholeTree {
		t = append(t, "the whole include tree (skipped on fragments)")
	}
	if r.Probe {
		t = append(t, "`--probe` (network checks)")
	}
	if r.Synthetic {
		t = append(t, "reported by the suppression processor")
	}
	return t
}

// OptionsYAML renders a rule's options with their defaults as the
// .edgelint.yaml snippet that sets them; "" when the rule has none.
func OptionsYAML(r *lint.Rule) (string, error) {
	if r.Options == nil {
		return "", nil
	}
	opts, err := yaml.Marshal(r.Options.Default())
	if err != nil {
		return "", fmt.Errorf("%s options: %v", r.ID, err)
	}
	var b strings.Builder
	b.WriteString("rules:\n  " + r.Name + ":\n    options:\n")
	for _, line := range strings.Split(strings.TrimRight(string(opts), "\n"), "\n") {
		b.WriteString("      " + line + "\n")
	}
	return b.String(), nil
}

var headingRE = regexp.MustCompile(`(?m)\A#[^\n]*\n`)

// Page renders a rule's page: the heading, a metadata table, the rule's
// own doc, and its options.
func Page(r *lint.Rule) (string, error) {
	var b strings.Builder
	b.WriteString(generated)
	body := strings.TrimLeft(r.Doc, "\n")
	heading := fmt.Sprintf("# %s %s\n", r.ID, r.Name)
	if m := headingRE.FindString(body); m != "" {
		heading, body = m, body[len(m):]
	}
	b.WriteString(heading + "\n")
	b.WriteString("| | |\n|---|---|\n")
	fmt.Fprintf(&b, "| ID | `%s` |\n| Name | `%s` |\n| Summary | %s |\n| Category | `%s` |\n| Default severity | %s |\n| Sources | %s |\n",
		r.ID, r.Name, escapeCell(r.Title), r.Category, r.Severity, Sources(r))
	if t := Traits(r); len(t) > 0 {
		fmt.Fprintf(&b, "| Needs | %s |\n", strings.Join(t, "; "))
	}
	b.WriteString("\n" + strings.TrimSpace(body) + "\n")
	opts, err := OptionsYAML(r)
	if err != nil {
		return "", err
	}
	if opts != "" {
		b.WriteString("\n## Options\n\nDefaults, as set in `.edgelint.yaml`:\n\n```yaml\n" + opts + "```\n")
	}
	b.WriteString(fmt.Sprintf("\nSuppress one occurrence with `# edgelint:ignore %s reason` above the directive; see [the index](README.md) for all rules.\n", r.ID))
	return b.String(), nil
}

func escapeCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// Table is the Markdown table of all rules, linking each page relative to
// linkBase ("" inside docs/rules, "docs/rules/" from the repository root).
func Table(rules []*lint.Rule, linkBase string) string {
	var b strings.Builder
	b.WriteString("| ID | Name | Category | Severity | Sources | Summary |\n|---|---|---|---|---|---|\n")
	for _, r := range rules {
		name := r.Name
		if r.Probe {
			name += " (`--probe`)"
		}
		fmt.Fprintf(&b, "| [%s](%s%s.md) | %s | %s | %s | %s | %s |\n", r.ID, linkBase, r.ID, name, r.Category, r.Severity, Sources(r), escapeCell(r.Title))
	}
	return b.String()
}

// Index renders docs/rules/README.md.
func Index(rules []*lint.Rule) string {
	var b strings.Builder
	b.WriteString(generated)
	b.WriteString("# edgelint rules\n\n")
	fmt.Fprintf(&b, "%d rules. Each page says what the rule finds, the error it predicts, a bad and a good example, how to fix it and the product documentation behind it. `edgelint explain RULE` prints the same page in a terminal.\n\n", len(rules))
	b.WriteString(Table(rules, ""))
	b.WriteString("\nSeverities and options can be changed per rule in `.edgelint.yaml`; rules are selected with `enable`/`disable` there or `--enable`/`--disable` on the command line. Rules marked `--probe` run only with that flag.\n")
	return b.String()
}

// Files returns every generated file by name.
func Files(rules []*lint.Rule) (map[string][]byte, error) {
	out := map[string][]byte{"README.md": []byte(Index(rules))}
	for _, r := range rules {
		p, err := Page(r)
		if err != nil {
			return nil, err
		}
		out[r.ID+".md"] = []byte(p)
	}
	return out, nil
}

var pageRE = regexp.MustCompile(`^EL[0-9]{4}\.md$`)

// Write writes the docs into dir and removes pages of rules that no longer
// exist.
func Write(dir string, rules []*lint.Rule) error {
	files, err := Files(rules)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	existing, _ := os.ReadDir(dir)
	for _, e := range existing {
		if pageRE.MatchString(e.Name()) {
			if _, keep := files[e.Name()]; !keep {
				if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
					return err
				}
			}
		}
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Stale lists the files in dir that differ from what Write would produce:
// changed, missing, or pages of rules that no longer exist.
func Stale(dir string, rules []*lint.Rule) ([]string, error) {
	files, err := Files(rules)
	if err != nil {
		return nil, err
	}
	var stale []string
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(dir, name))
		switch {
		case err != nil:
			stale = append(stale, name+" (missing)")
		case !bytes.Equal(got, want):
			stale = append(stale, name+" (out of date)")
		}
	}
	existing, _ := os.ReadDir(dir)
	for _, e := range existing {
		if _, ok := files[e.Name()]; !ok && pageRE.MatchString(e.Name()) {
			stale = append(stale, e.Name()+" (no such rule)")
		}
	}
	sort.Strings(stale)
	return stale, nil
}

// The README carries the rule table between these markers.
const (
	readmeBegin = "<!-- rules:begin"
	readmeEnd   = "<!-- rules:end -->"
)

// Readme returns readme with the rule table between its markers replaced
// by the table of rules (links relative to the repository root).
func Readme(readme string, rules []*lint.Rule) (string, error) {
	i := strings.Index(readme, readmeBegin)
	j := strings.Index(readme, readmeEnd)
	if i < 0 || j < i {
		return "", fmt.Errorf("README has no %s … %s markers", readmeBegin, readmeEnd)
	}
	lineEnd := strings.Index(readme[i:], "\n")
	if lineEnd < 0 || i+lineEnd >= j {
		return "", fmt.Errorf("README's %s marker must stand on its own line", readmeBegin)
	}
	head := readme[:i+lineEnd+1]
	return head + Table(rules, "docs/rules/") + readme[j:], nil
}
