package lint

import (
	"strconv"
	"strings"
	"time"
)

// Setting is a configuration value that is either written in the
// configuration (Set) or the product default. Most proxy rules hinge on
// that difference: defaults alone are never a warning.
//
// Pos is where the value was written. For an inherited value it is the
// directive in the outer block (Inherited is then true); for a default it
// is the block that lacks the directive, so a finding about a missing
// setting points somewhere useful.
type Setting[T any] struct {
	Value     T
	Set       bool
	Inherited bool
	Pos       Position
	// Directive names what set the value as the user wrote it
	// ("proxy_read_timeout", "ProxyTimeout", "timeout="), so messages can
	// quote the user's own words for any source.
	Directive string
}

// Default returns an unset Setting holding the product default, positioned
// at the block that would contain the directive.
func Default[T any](v T, at Position) Setting[T] {
	return Setting[T]{Value: v, Pos: at}
}

// Explicit returns a Setting written at pos.
func Explicit[T any](v T, at Position) Setting[T] {
	return Setting[T]{Value: v, Set: true, Pos: at}
}

// InheritedAs marks a setting as inherited from an outer block; the position
// stays on the directive that wrote it.
func (s Setting[T]) InheritedAs() Setting[T] {
	if s.Set {
		s.Inherited = true
	}
	return s
}

// By records the directive that set (or would set) the value.
func (s Setting[T]) By(directive string) Setting[T] {
	s.Directive = directive
	return s
}

// Duration is a time span setting.
type Duration = Setting[time.Duration]

// Size is a byte count.
type Size int64

func (s Size) String() string {
	switch {
	case s > 0 && s%(1<<20) == 0:
		return strconv.FormatInt(int64(s)>>20, 10) + "m"
	case s > 0 && s%(1<<10) == 0:
		return strconv.FormatInt(int64(s)>>10, 10) + "k"
	}
	return strconv.FormatInt(int64(s), 10)
}

// FormatDuration prints a duration the way configuration files write it
// (60s, 1m30s, 500ms) rather than Go's 1m0s.
func FormatDuration(d time.Duration) string {
	if d == 0 {
		return "0s"
	}
	if d%time.Second != 0 {
		return strconv.FormatInt(d.Milliseconds(), 10) + "ms"
	}
	secs := int64(d / time.Second)
	var b strings.Builder
	if h := secs / 3600; h > 0 && secs%60 == 0 && secs >= 3600 {
		b.WriteString(strconv.FormatInt(h, 10) + "h")
		secs %= 3600
	}
	if m := secs / 60; m > 0 && secs%60 == 0 {
		b.WriteString(strconv.FormatInt(m, 10) + "m")
		secs = 0
	}
	if secs > 0 || b.Len() == 0 {
		b.WriteString(strconv.FormatInt(secs, 10) + "s")
	}
	return b.String()
}
