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
	return OfInstance(ruleID, location, "", lineText, message)
}

// OfInstance is Of for a finding in a Terraform module instance
// (lint.Position.Module): the instances of one module share its lines,
// so the instance's address is part of what identifies the finding. An
// empty module hashes exactly as Of, so findings outside modules keep the
// fingerprints existing baselines recorded.
func OfInstance(ruleID, location, module, lineText, message string) string {
	h := sha256.New()
	parts := []string{
		ruleID,
		location,
		strings.Join(strings.Fields(lineText), " "),
		positionRE.ReplaceAllString(message, ""),
	}
	if module != "" {
		parts = append(parts, "module "+module)
	}
	for _, part := range parts {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// For is the fingerprint of f whose line reads lineText, with its file
// keyed relative to dir. A baseline keys on its own directory, so it
// matches from any working directory; every other output on the working
// directory. A finding in a module instance keys on the instance too.
func For(f lint.Finding, dir, lineText string) string {
	return OfInstance(f.RuleID, Location(f.Pos, dir), f.Pos.Module, lineText, f.Message)
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
