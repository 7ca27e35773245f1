// Package fingerprint identifies a finding independently of its line
// number, so baselines and SARIF alerts survive edits that only move lines.
package fingerprint

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
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

// For is the fingerprint of f whose line reads lineText, with its file
// keyed relative to dir. A baseline keys on its own directory, so it
// matches from any working directory; every other output on the working
// directory.
func For(f lint.Finding, dir, lineText string) string {
	return Of(f.RuleID, Location(f.Pos, dir), lineText, f.Message)
}

// Location is the part of a position a fingerprint keys on: the file
// relative to dir ("/"-separated, "../" when outside it) when there is
// one, else the resource.
func Location(p lint.Position, dir string) string {
	if p.File == "" {
		return p.Resource
	}
	abs, err := filepath.Abs(p.File)
	if err != nil {
		return p.File
	}
	if rel, err := filepath.Rel(dir, abs); err == nil {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(abs)
}
