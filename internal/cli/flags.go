package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// Exit codes (CLI.md).
const (
	ExitOK         = 0 // nothing at or above --fail-on
	ExitFindings   = 1 // findings at or above --fail-on
	ExitIncomplete = 2 // something could not be linted (wins over 1)
	ExitUsage      = 3 // usage or configuration error
)

// usageError is a problem with the command line or the configuration.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// listFlag collects a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// selectFlag records --enable and --disable in the order given, so the
// last word about a rule wins.
type selectFlag struct {
	ops    *[]selectOp
	enable bool
}

type selectOp struct {
	key    string
	enable bool
}

func (s selectFlag) String() string { return "" }
func (s selectFlag) Set(v string) error {
	for _, k := range strings.Split(v, ",") {
		if k = strings.TrimSpace(k); k != "" {
			*s.ops = append(*s.ops, selectOp{key: k, enable: s.enable})
		}
	}
	return nil
}

// parse parses flags and positional arguments in any order ("check . --format
// json" as well as "check --format json ."); "--" ends the flags.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var positional, tail []string
	for i, a := range args {
		if a == "--" {
			args, tail = args[:i], args[i+1:]
			break
		}
	}
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usagef("%v", err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	return append(positional, tail...), nil
}

// flagUsage renders a flag set's flags for help output.
func flagUsage(fs *flag.FlagSet) string {
	var b strings.Builder
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if name != "" {
			line += " " + name
		}
		b.WriteString(line + "\n      " + usage)
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "[]" {
			b.WriteString(" (default " + f.DefValue + ")")
		}
		b.WriteString("\n")
	})
	return b.String()
}
