package lint

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"regexp/syntax"
)

// Options declares a rule's options: a struct of YAML-tagged fields with
// the defaults the rule chooses. OptionsOf makes one; a Check function
// reads the values with Opts. The values are decoded from .edgelint.yaml
// and checked once, when the project configuration loads (a bad value is
// an error at its line), and the runner checks values handed to it in
// code before any rule runs, so reading them in Check cannot fail.
type Options interface {
	// Default returns a new pointer to the defaults, which the project
	// configuration decodes the user's values over.
	Default() any
	// Check reports what is wrong with v, a pointer Default returned with
	// the user's values decoded over it: a value of another type, or what
	// the struct's Validate method finds.
	Check(v any) error
}

// Validator is implemented by options structs whose values need more than
// their type: a positive duration, a regular expression that compiles.
// Validate returns an *OptionError for a bad value, so the project
// configuration can point at the line that set it.
type Validator interface {
	Validate() error
}

// OptionsOf declares options of type T with the defaults that defaults
// returns (a function, so slices in the defaults are never shared).
func OptionsOf[T any](defaults func() T) Options {
	return optionsOf[T](defaults)
}

type optionsOf[T any] func() T

func (o optionsOf[T]) Default() any {
	v := o()
	return &v
}

func (o optionsOf[T]) Check(v any) error {
	p, ok := v.(*T)
	if !ok || p == nil {
		return fmt.Errorf("options are %T, want %s", v, reflect.TypeFor[*T]())
	}
	if val, ok := any(p).(Validator); ok {
		return val.Validate()
	}
	return nil
}

// Opts returns the options of the rule being checked. The runner has
// checked them against the rule's declaration, so a T other than the one
// the rule declared with OptionsOf is a bug in the rule: Opts panics, and
// the runner reports the crash.
func Opts[T any](p *Pass) *T {
	o, ok := p.Options.(*T)
	if !ok || o == nil {
		panic(fmt.Sprintf("rule %s reads options as %s but has %T", p.Rule.ID, reflect.TypeFor[*T](), p.Options))
	}
	return o
}

// OptionError is a bad option value found by Validate.
type OptionError struct {
	// Key is the option's path as .edgelint.yaml writes it: "floor",
	// "ignore-locations[1]", "names[0].match".
	Key string
	// Value is the value as the rule read it; the project configuration
	// shows the user's own text instead when it finds the line.
	Value string
	// Problem completes the sentence "<value> …": "is not a positive
	// duration".
	Problem string
}

func (e *OptionError) Error() string {
	return fmt.Sprintf("%s: %q %s", e.Key, e.Value, e.Problem)
}

// BadOption returns an *OptionError.
func BadOption(key, value, problem string) error {
	return &OptionError{Key: key, Value: value, Problem: problem}
}

// RegexpOption checks that pattern, the value of option key, is a regular
// expression Go accepts.
func RegexpOption(key, pattern string) error {
	_, err := regexp.Compile(pattern)
	if err == nil {
		return nil
	}
	why := err.Error()
	var se *syntax.Error
	if errors.As(err, &se) {
		why = se.Code.String() // the error's own text repeats the pattern
	}
	return BadOption(key, pattern, "is not a regular expression: "+why)
}
