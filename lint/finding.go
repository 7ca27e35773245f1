package lint

import (
	"fmt"
	"sort"
)

// Finding is one problem a rule found.
type Finding struct {
	RuleID   string
	Name     string
	Category Category
	Severity Severity
	Source   SourceKind
	Message  string
	Pos      Position
	Related  []Related
	// Docs is the rule's documentation URL.
	Docs string
}

// LoadError is input that could not be linted: a parse error, a missing
// include, an unreadable file, an API error. Any LoadError makes the run
// exit 2.
type LoadError struct {
	Pos     Position
	Message string
}

func (e LoadError) Error() string {
	if e.Pos.IsZero() {
		return e.Message
	}
	return e.Pos.String() + ": " + e.Message
}

// Errorf builds a LoadError at pos.
func Errorf(pos Position, format string, args ...any) LoadError {
	return LoadError{Pos: pos, Message: fmt.Sprintf(format, args...)}
}

// SortFindings orders findings by file, line, column, rule, then message,
// so output is deterministic.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Pos != b.Pos {
			return a.Pos.Less(b.Pos)
		}
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		return a.Message < b.Message
	})
}

// SortErrors orders load errors by position then message.
func SortErrors(es []LoadError) {
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].Pos != es[j].Pos {
			return es[i].Pos.Less(es[j].Pos)
		}
		return es[i].Message < es[j].Message
	})
}

// UniqueErrors drops repeated errors (the same file reached by two include
// paths reports its problem twice) and sorts the rest.
func UniqueErrors(es []LoadError) []LoadError {
	seen := map[LoadError]bool{}
	out := es[:0]
	for _, e := range es {
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	SortErrors(out)
	return out
}
