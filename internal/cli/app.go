// Package app is the edgelint command line: `edgelint check`, `audit
// cloudflare`, `dump cloudflare`, `rules`, `explain` and `version`, as a
// function tests can call in-process.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strings"
)

// Version and Commit are edgelint's version and the commit it was built
// from; release builds set them (.goreleaser.yaml) with
// -ldflags "-X github.com/edgelint/edgelint/internal/cli.Version=… -X …Commit=…".
var (
	Version = "0.1.0"
	Commit  = ""
)

// InformationURI is edgelint's home page.
const InformationURI = "https://github.com/edgelint/edgelint"

// version is Version, or the module version when installed with
// `go install github.com/edgelint/edgelint/cmd/edgelint@vX`.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && strings.HasPrefix(bi.Main.Version, "v") && Version == "0.1.0" {
		return strings.TrimPrefix(bi.Main.Version, "v")
	}
	return Version
}

// commit is Commit, or the revision the go command stamped into the
// binary (a build inside a git checkout), or "unknown" — `go install
// …@version` and -buildvcs=false builds carry none.
func commit() string {
	if Commit != "" {
		return Commit
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		rev, dirty := "", false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if rev != "" {
			if dirty {
				rev += "-dirty"
			}
			return rev
		}
	}
	return "unknown"
}

const usage = `edgelint finds reverse-proxy and CDN configuration that will end in 502/504/52x errors.

Usage:
  edgelint check [flags] [PATH...]     lint nginx, Apache and Cloudflare snapshot files (default PATH ".")
  edgelint audit cloudflare [flags]    lint live Cloudflare zones (CLOUDFLARE_API_TOKEN), optionally with --origin PATH
  edgelint dump cloudflare [flags]     write a snapshot of live zones to lint offline with check
  edgelint routes [flags] [PATH...]    the route table: each hostname and path from CDN to backend, with where each value comes from
  edgelint rules [--format text|json|markdown] [--write-docs DIR]
  edgelint explain RULE                what a rule finds, why, bad and good examples, how to fix
  edgelint version

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it,
2 something could not be linted, 3 usage or configuration error, 130 interrupted.
Run 'edgelint COMMAND --help' for a command's flags.

Examples:
  edgelint check deploy/nginx
  edgelint check --format compact . | grep error
  edgelint explain EL4001
`

// env is where a command reads and writes; environment variables are read
// with os.Getenv (tests use t.Setenv).
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	temp           *tempFiles
}

// ExitInterrupted is Ctrl-C's exit code, 128 + SIGINT as shells report it.
const ExitInterrupted = 130

// interrupts delivers Ctrl-C; tests replace it.
var interrupts = func() (<-chan os.Signal, func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt)
	return ch, func() { signal.Stop(ch) }
}

// Main runs edgelint with args (without the program name) and returns the
// exit code. Ctrl-C returns ExitInterrupted at once, after removing the
// temporary files of output being written, so no half-written file is
// left; the caller is expected to exit then.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, temp: &tempFiles{}}
	sig, stop := interrupts()
	defer stop()
	done := make(chan int, 1)
	go func() { done <- e.main(args) }()
	select {
	case code := <-done:
		return code
	case <-sig:
		e.temp.removePending()
		fmt.Fprintln(stderr, "edgelint: interrupted")
		return ExitInterrupted
	}
}

func (e *env) main(args []string) int {
	stdout, stderr := e.stdout, e.stderr
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return ExitUsage
	}
	cmd, rest := args[0], args[1:]
	var err error
	code := ExitOK
	switch cmd {
	case "check":
		code, err = e.check(rest)
	case "audit":
		code, err = e.audit(rest)
	case "dump":
		code, err = e.dump(rest)
	case "rules":
		err = e.rules(rest)
	case "explain":
		err = e.explain(rest)
	case "routes":
		code, err = e.routes(rest)
	case "version", "--version", "-version":
		if err = e.versionFlags(rest); err != nil {
			break
		}
		fmt.Fprintf(stdout, "edgelint %s (commit %s, %s %s/%s)\n", version(), commit(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	case "help", "--help", "-h", "-help":
		fmt.Fprint(stdout, usage)
	default:
		err = usagef("unknown command %q (want check, audit, dump, rules, explain or version)%s", cmd, didYouMean(cmd))
	}
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "edgelint %s: %v\n", cmd, err)
		fmt.Fprintf(stderr, "Run 'edgelint help' or 'edgelint %s --help' for usage.\n", cmd)
		return ExitUsage
	}
	if err != nil {
		fmt.Fprintf(stderr, "edgelint %s: %v\n", cmd, err)
		return max(code, ExitIncomplete)
	}
	return code
}
