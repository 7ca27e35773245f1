package lint

import (
	"strings"
	"testing"
	"time"
)

type floorOptions struct {
	Floor time.Duration `yaml:"floor"`
	Skip  []string      `yaml:"skip"`
}

func (o *floorOptions) Validate() error {
	if o.Floor <= 0 {
		return BadOption("floor", FormatDuration(o.Floor), "is not a positive duration")
	}
	for _, re := range o.Skip {
		if err := RegexpOption("skip", re); err != nil {
			return err
		}
	}
	return nil
}

var floorDecl = OptionsOf(func() floorOptions { return floorOptions{Floor: 30 * time.Second, Skip: []string{"^/health"}} })

func TestOptionsOf(t *testing.T) {
	a, b := floorDecl.Default().(*floorOptions), floorDecl.Default().(*floorOptions)
	if a == b || a.Floor != 30*time.Second {
		t.Fatalf("Default: %p %p %+v", a, b, a)
	}
	if err := floorDecl.Check(a); err != nil {
		t.Errorf("defaults rejected: %v", err)
	}
	for _, c := range []struct {
		v    any
		want string
	}{
		{&floorOptions{Floor: -time.Second}, `floor: "-1s" is not a positive duration`},
		{&floorOptions{Floor: time.Second, Skip: []string{"a", "(b"}}, `skip: "(b" is not a regular expression: missing closing )`},
		{floorOptions{Floor: time.Second}, "options are lint.floorOptions, want *lint.floorOptions"},
		{(*floorOptions)(nil), "options are *lint.floorOptions, want *lint.floorOptions"},
		{&struct{}{}, "options are *struct {}, want *lint.floorOptions"},
	} {
		if err := floorDecl.Check(c.v); err == nil || err.Error() != c.want {
			t.Errorf("Check(%#v) = %v, want %s", c.v, err, c.want)
		}
	}
	// a struct without Validate is checked for its type only
	plain := OptionsOf(func() struct{ N int } { return struct{ N int }{} })
	if err := plain.Check(plain.Default()); err != nil {
		t.Error(err)
	}
}

func TestRegistryChecksDefaultOptions(t *testing.T) {
	r := testRule("EL4001", "short-read", func(*Pass) error { return nil })
	r.Options = OptionsOf(func() floorOptions { return floorOptions{} })
	if _, err := NewRegistry(r); err == nil || !strings.Contains(err.Error(), `default options: floor: "0s" is not a positive duration`) {
		t.Errorf("bad defaults accepted: %v", err)
	}
}

// The runner hands each pass the user's options or the defaults, and a
// rule whose options fail their check does not run: its error names the
// rule and the option.
func TestRunnerChecksOptionsOnce(t *testing.T) {
	cfgs := []*Config{{Source: Nginx, Root: "a.conf"}, {Source: Nginx, Root: "b.conf"}}
	seen := make(chan time.Duration, 2)
	r := testRule("EL4001", "short-read", func(p *Pass) error {
		seen <- Opts[floorOptions](p).Floor
		return nil
	})
	r.Options = floorDecl
	for _, c := range []struct {
		user any
		want time.Duration
		err  string
	}{
		{nil, 30 * time.Second, ""},
		{&floorOptions{Floor: 10 * time.Second}, 10 * time.Second, ""},
		{&floorOptions{Floor: -10 * time.Second}, 0, `rule EL4001 (short-read): options: floor: "-10s" is not a positive duration`},
		{&struct{ Floor string }{"10s"}, 0, "rule EL4001 (short-read): options: options are *struct { Floor string }, want *lint.floorOptions"},
	} {
		run := &Runner{Rules: []*Rule{r}, Settings: map[string]RuleSettings{"EL4001": {Options: c.user}}}
		_, errs := run.Run(cfgs)
		if c.err != "" {
			if len(errs) != 1 || errs[0].Message != c.err || len(seen) != 0 {
				t.Errorf("%#v: errors %v, %d passes; want %s and no pass", c.user, errs, len(seen), c.err)
			}
			continue
		}
		if len(errs) != 0 {
			t.Fatalf("%#v: %v", c.user, errs)
		}
		for range cfgs {
			if got := <-seen; got != c.want {
				t.Errorf("%#v: the rule read floor %v, want %v", c.user, got, c.want)
			}
		}
	}
}

// Reading options of a type other than the declared one is a bug in the
// rule, reported as its crash.
func TestOptsOfTheWrongType(t *testing.T) {
	r := testRule("EL4001", "short-read", func(p *Pass) error {
		_ = Opts[struct{ N int }](p)
		return nil
	})
	r.Options = floorDecl
	_, errs := (&Runner{Rules: []*Rule{r}}).Run([]*Config{{Source: Nginx, Root: "a.conf"}})
	if len(errs) != 1 || !strings.Contains(errs[0].Message, "crashed on a.conf: rule EL4001 reads options as *struct { N int } but has *lint.floorOptions") {
		t.Errorf("errors %v", errs)
	}
}
