// Package baseline records the findings a project has accepted and hides
// them in later runs. Findings are matched by fingerprint (rule, file,
// the text of the line, the message), never by line number, so a finding
// still matches after the lines around it move. The fingerprints must be
// keyed on the baseline's directory (Dir) so it works from any working
// directory.
package baseline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/edgelint/edgelint/internal/output/fingerprint"
	"github.com/edgelint/edgelint/lint"
)

// Version of the baseline file format.
const Version = 1

// File is the baseline file.
type File struct {
	Version  int     `json:"version"`
	Tool     string  `json:"tool"`
	Findings []Entry `json:"findings"`
}

// Entry is one accepted finding. File is relative to the baseline file's
// directory so the baseline works from any working directory; Line is
// informational only.
type Entry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	Name        string `json:"name"`
	File        string `json:"file,omitempty"`
	Line        int    `json:"line,omitempty"`
	Resource    string `json:"resource,omitempty"`
	// Module is the Terraform module instance (informational, as Line:
	// the fingerprint holds it).
	Module  string `json:"module,omitempty"`
	Message string `json:"message"`
}

// Baseline is a loaded baseline ready to filter findings.
type Baseline struct {
	dir    string
	counts map[string]int
}

// Dir is the directory a baseline at path keys fingerprints on.
func Dir(path string) (string, error) {
	return filepath.Abs(filepath.Dir(path))
}

// fingerprintOf is f's fingerprint as the processors computed it, keyed
// on dir. A finding that did not go through them (a library caller's) is
// fingerprinted here without its line text, which nothing reads again.
func fingerprintOf(f lint.Finding, dir string) string {
	if f.Fingerprint != "" {
		return f.Fingerprint
	}
	return fingerprint.For(f, dir, "")
}

func entries(findings []lint.Finding, dir string) []Entry {
	out := []Entry{}
	for _, f := range findings {
		e := Entry{
			Fingerprint: fingerprintOf(f, dir),
			Rule:        f.RuleID, Name: f.Name, Line: int(f.Pos.Line), Resource: f.Pos.Resource(), Module: f.Pos.Module(), Message: f.Message,
		}
		if f.Pos.File() != "" {
			e.File = fingerprint.Location(f.Pos, dir)
		}
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Module != b.Module {
			return a.Module < b.Module
		}
		if a.Resource != b.Resource {
			return a.Resource < b.Resource
		}
		return a.Fingerprint < b.Fingerprint
	})
	return out
}

// Write records findings in a baseline file at path; their fingerprints
// must be keyed on Dir(path).
func Write(path string, findings []lint.Finding) error {
	var buf bytes.Buffer
	if err := Encode(&buf, path, findings); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// Encode writes the baseline file that path will hold to w, so a caller
// can put it in place atomically; the fingerprints must be keyed on
// Dir(path).
func Encode(w io.Writer, path string, findings []lint.Finding) error {
	dir, err := Dir(path)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(File{Version: Version, Tool: "edgelint", Findings: entries(findings, dir)})
}

// Load reads a baseline file.
func Load(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("baseline %s: %w", path, err)
	}
	var f File
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("baseline %s: not an edgelint baseline: %v", path, err)
	}
	if f.Version != Version {
		return nil, fmt.Errorf("baseline %s: version %d is not supported (want %d); write it again with --write-baseline", path, f.Version, Version)
	}
	dir, err := Dir(path)
	if err != nil {
		return nil, err
	}
	b := &Baseline{dir: dir, counts: map[string]int{}}
	for _, e := range f.Findings {
		if e.Fingerprint == "" {
			return nil, fmt.Errorf("baseline %s: an entry for %s has no fingerprint", path, e.Rule)
		}
		b.counts[e.Fingerprint]++
	}
	return b, nil
}

// Dir is the directory the baseline keys fingerprints on.
func (b *Baseline) Dir() string { return b.dir }

// Filter drops findings recorded in the baseline. Each entry hides one
// finding, so a second copy of an accepted problem is still reported.
func (b *Baseline) Filter(findings []lint.Finding) (kept []lint.Finding, hidden int) {
	kept, dropped := b.Split(findings)
	return kept, len(dropped)
}

// Split separates the findings the baseline records from the others.
func (b *Baseline) Split(findings []lint.Finding) (kept, recorded []lint.Finding) {
	left := make(map[string]int, len(b.counts))
	for k, v := range b.counts {
		left[k] = v
	}
	for _, f := range findings {
		if fp := fingerprintOf(f, b.dir); left[fp] > 0 {
			left[fp]--
			recorded = append(recorded, f)
			continue
		}
		kept = append(kept, f)
	}
	return kept, recorded
}
