package cli

import (
	"flag"
	"fmt"
	"strings"
)

// help prints a command's synopsis, flags and examples.
func (e *env) help(fs *flag.FlagSet, synopsis string, examples ...string) error {
	fmt.Fprintf(e.stdout, "Usage: %s\n", synopsis)
	if f := flagUsage(fs); f != "" {
		fmt.Fprintf(e.stdout, "\nFlags:\n%s", f)
	}
	if len(examples) > 0 {
		fmt.Fprintf(e.stdout, "\nExamples:\n  %s\n", strings.Join(examples, "\n  "))
	}
	return flag.ErrHelp
}

// commands are the command names, for did-you-mean.
var commands = []string{"check", "audit", "dump", "rules", "explain", "version", "help"}

// didYouMean names the command closest to a mistyped one: at most two
// edits away, or one it begins.
func didYouMean(cmd string) string {
	cmd = strings.ToLower(cmd)
	best, bestD := "", 3
	for _, c := range commands {
		d := editDistance(cmd, c)
		if len(cmd) >= 2 && strings.HasPrefix(c, cmd) {
			d = 1
		}
		if d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" {
		return ""
	}
	return "; did you mean " + best + "?"
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// versionFlags parses version's arguments: it takes none but --help.
func (e *env) versionFlags(args []string) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	rest, err := parse(fs, args)
	if err == flag.ErrHelp {
		return e.help(fs, "edgelint version", "edgelint version")
	}
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	return nil
}
