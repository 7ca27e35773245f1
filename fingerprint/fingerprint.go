// Package fingerprint identifies a finding independently of its line
// number, so baselines and SARIF alerts survive edits that only move lines.
package fingerprint

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"regexp"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

// positionRE matches "file:12" and "file:12:5" references inside messages,
// which move with the lines they point at.
var positionRE = regexp.MustCompile(`:\d+(:\d+)?\b`)

// Of hashes what identifies a finding: the rule, where it is (a path the
// caller chose to normalise, or a resource), the text of the line it points
// at (whitespace collapsed) and the message without positions.
func Of(ruleID, location, lineText, message string) string {
	h := sha256.New()
	for _, part := range []string{
		ruleID,
		location,
		strings.Join(strings.Fields(lineText), " "),
		positionRE.ReplaceAllString(message, ""),
	} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// Lines reads source lines for findings, reading each file once.
type Lines struct {
	files map[string][]string
}

// Text returns line n (1-based) of file, or "" when it cannot be read.
func (l *Lines) Text(file string, n int) string {
	if file == "" || n <= 0 {
		return ""
	}
	if l.files == nil {
		l.files = map[string][]string{}
	}
	lines, ok := l.files[file]
	if !ok {
		lines = readLines(file)
		l.files[file] = lines
	}
	if n > len(lines) {
		return ""
	}
	return lines[n-1]
}

func readLines(file string) []string {
	f, err := os.Open(file)
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}

// Location is the part of a position a fingerprint keys on: the file when
// there is one, else the resource.
func Location(p lint.Position) string {
	if p.File != "" {
		return p.File
	}
	return p.Resource
}

// Compute returns one fingerprint per finding, keyed on the display path.
func Compute(findings []lint.Finding) []string {
	var lines Lines
	out := make([]string, len(findings))
	for i, f := range findings {
		out[i] = Of(f.RuleID, Location(f.Pos), lines.Text(f.Pos.File, f.Pos.Line), f.Message)
	}
	return out
}
