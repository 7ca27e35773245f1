// Package fuzzcheck holds the checks every parser's fuzz target makes of
// what it returns for arbitrary input.
package fuzzcheck

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/edgelint/edgelint/lint"
)

// InInput returns a check that a position's 1-based line and column (in
// characters) lie inside data: on one of its lines, at most one past that line's
// end. Positions outside the input send a user to a place that is not
// there.
func InInput(t testing.TB, data []byte) func(what string, at lint.Position) {
	text := strings.Split(string(data), "\n")
	return func(what string, at lint.Position) {
		t.Helper()
		line, col := int(at.Line), int(at.Col)
		if line < 1 || line > len(text) {
			t.Fatalf("%s at line %d outside the input (%d lines)", what, line, len(text))
		}
		if n := utf8.RuneCountInString(text[line-1]); col < 1 || col > n+1 {
			t.Fatalf("%s at %d:%d outside its line of %d characters", what, line, col, n)
		}
	}
}

// InYAML is InInput for YAML, whose parser ends a line at "\r\n", "\r"
// or "\n" (YAML 1.2 §5.4), so a file with bare carriage returns has more
// lines than its "\n" count. Errors may name the line after the last.
func InYAML(t testing.TB, data []byte) (inLine func(what string, at lint.Position), lines int) {
	text := strings.Split(strings.ReplaceAll(strings.ReplaceAll(string(data), "\r\n", "\n"), "\r", "\n"), "\n")
	return InInput(t, []byte(strings.Join(text, "\n"))), len(text)
}
