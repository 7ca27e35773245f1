// Package baseline records the findings a project has accepted and hides
// them in later runs. Findings are matched by fingerprint (rule, file,
// the text of the line, the message), never by line number, so a finding
// still matches after the lines around it move.
package baseline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/edgelint/edgelint/fingerprint"
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
	Message     string `json:"message"`
}

// Baseline is a loaded baseline ready to filter findings.
type Baseline struct {
	dir    string
	counts map[string]int
}

// location is where a finding is, relative to the baseline's directory.
func location(f lint.Finding, dir string) string {
	if f.Pos.File == "" {
		return f.Pos.Resource
	}
	abs, err := filepath.Abs(f.Pos.File)
	if err != nil {
		return f.Pos.File
	}
	if rel, err := filepath.Rel(dir, abs); err == nil {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(abs)
}

// fingerprints returns one fingerprint per finding, in order.
func fingerprints(findings []lint.Finding, dir string) []string {
	var lines fingerprint.Lines
	out := make([]string, len(findings))
	for i, f := range findings {
		out[i] = fingerprint.Of(f.RuleID, location(f, dir), lines.Text(f.Pos.File, f.Pos.Line), f.Message)
	}
	return out
}

func entries(findings []lint.Finding, dir string) []Entry {
	fps := fingerprints(findings, dir)
	out := []Entry{}
	for i, f := range findings {
		e := Entry{
			Fingerprint: fps[i],
			Rule:        f.RuleID, Name: f.Name, Line: f.Pos.Line, Resource: f.Pos.Resource, Message: f.Message,
		}
		if f.Pos.File != "" {
			e.File = location(f, dir)
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
		if a.Resource != b.Resource {
			return a.Resource < b.Resource
		}
		return a.Fingerprint < b.Fingerprint
	})
	return out
}

// Write records findings in a baseline file at path.
func Write(path string, findings []lint.Finding) error {
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(File{Version: Version, Tool: "edgelint", Findings: entries(findings, dir)}); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
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
	dir, err := filepath.Abs(filepath.Dir(path))
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

// Filter drops findings recorded in the baseline. Each entry hides one
// finding, so a second copy of an accepted problem is still reported.
func (b *Baseline) Filter(findings []lint.Finding) (kept []lint.Finding, hidden int) {
	left := make(map[string]int, len(b.counts))
	for k, v := range b.counts {
		left[k] = v
	}
	for i, fp := range fingerprints(findings, b.dir) {
		if left[fp] > 0 {
			left[fp]--
			hidden++
			continue
		}
		kept = append(kept, findings[i])
	}
	return kept, hidden
}
