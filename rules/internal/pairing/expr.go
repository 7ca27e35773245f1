package pairing

import "github.com/edgelint/edgelint/lint"

// Scope is lint.ExprScope: what a rule expression restricts.
type Scope = lint.ExprScope

// ParseScope is lint.ParseExprScope.
func ParseScope(expr string) Scope { return lint.ParseExprScope(expr) }

// LocationPrefix is lint.LocationPrefix.
func LocationPrefix(match string) (string, bool) { return lint.LocationPrefix(match) }
