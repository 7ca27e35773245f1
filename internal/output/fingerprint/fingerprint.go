// Package fingerprint identifies a finding independently of its line
// number, so baselines and SARIF alerts survive edits that only move lines.
package fingerprint

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

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
	if hasPositionRef(message) {
		message = positionRE.ReplaceAllString(message, "")
	}
	lineText = collapse(lineText)
	parts := []string{ruleID, location, lineText, message}
	if module != "" {
		parts = append(parts, "module "+module)
	}
	n := 0
	for _, part := range parts {
		n += len(part) + 1
	}
	buf := make([]byte, 0, n)
	for _, part := range parts {
		buf = append(buf, part...)
		buf = append(buf, 0)
	}
	sum := sha256.Sum256(buf)
	return hex.EncodeToString(sum[:16])
}

// collapse is strings.Join(strings.Fields(s), " "), in one pass for
// ASCII text.
func collapse(s string) string {
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			return strings.Join(strings.Fields(s), " ")
		case c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
			space = true
		default:
			if space && len(b) > 0 {
				b = append(b, ' ')
			}
			space = false
			b = append(b, c)
		}
	}
	return string(b)
}

// hasPositionRef is a quick test for what positionRE may match: a colon
// followed by a digit.
func hasPositionRef(s string) bool {
	for i := strings.IndexByte(s, ':'); i >= 0 && i+1 < len(s); {
		if c := s[i+1]; c >= '0' && c <= '9' {
			return true
		}
		j := strings.IndexByte(s[i+1:], ':')
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

// For is the fingerprint of f whose line reads lineText, with its file
// keyed relative to dir. A baseline keys on its own directory, so it
// matches from any working directory; every other output on the working
// directory. A finding in a module instance keys on the instance too.
func For(f lint.Finding, dir, lineText string) string {
	return OfInstance(f.RuleID, Location(f.Pos, dir), f.Pos.Module(), lineText, f.Message)
}

// Location is the part of a position a fingerprint keys on: the file
// relative to dir ("/"-separated, "../" when outside it) when there is
// one, else the resource.
func Location(p lint.Position, dir string) string {
	if p.File() == "" {
		return p.Resource()
	}
	abs, err := filepath.Abs(p.File())
	if err != nil {
		return p.File()
	}
	if rel, err := filepath.Rel(dir, abs); err == nil {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(abs)
}
