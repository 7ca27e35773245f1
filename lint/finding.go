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
	// Fingerprint identifies the finding across edits that only move
	// lines (baselines, SARIF partialFingerprints). Rules leave it empty;
	// the fingerprint processor sets it.
	Fingerprint string
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

// Notice is input that was deliberately not linted (or linted with parts
// unknown), with the reason: a template whose placeholders a tool fills in
// before the server reads it, a fragment's include that lies outside the
// repository. Unlike a LoadError it does not change the exit code: the
// server would accept the input once it is deployed, so failing the gate
// would blame the user for edgelint's blind spot.
type Notice LoadError

func (n Notice) String() string { return LoadError(n).Error() }

// SortNotices orders notices as SortErrors orders errors and drops repeats.
func SortNotices(ns []Notice) []Notice {
	sort.SliceStable(ns, func(i, j int) bool { return before(ns[i].Pos, ns[j].Pos, ns[i].Message, ns[j].Message) })
	out := ns[:0]
	for i, n := range ns {
		if i > 0 && n == ns[i-1] {
			continue
		}
		out = append(out, n)
	}
	return out
}

// before orders messages by position, then text.
func before(pa, pb Position, ma, mb string) bool {
	if pa != pb {
		return pa.Less(pb)
	}
	return ma < mb
}

// Errorf builds a LoadError at pos.
func Errorf(pos Position, format string, args ...any) LoadError {
	return LoadError{Pos: pos, Message: fmt.Sprintf(format, args...)}
}

// SortFindings orders findings by file, line, column, rule, then message,
// so output is deterministic.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := &fs[i], &fs[j] // not copies: a Finding is a few hundred bytes
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
	sort.SliceStable(es, func(i, j int) bool { return before(es[i].Pos, es[j].Pos, es[i].Message, es[j].Message) })
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
