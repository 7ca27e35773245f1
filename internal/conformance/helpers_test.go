package conformance

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/gentree"
	"github.com/edgelint/edgelint/internal/testsupport/realserver"
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources"
	"github.com/edgelint/edgelint/sources/apache"
	"github.com/edgelint/edgelint/sources/input"
	"github.com/edgelint/edgelint/sources/nginx"
)

// tree is a small configuration tree: relative path -> content. A content
// of the form "-> TARGET" makes a symbolic link to TARGET instead.
type tree map[string]string

const linkPrefix = "-> "

func (tr tree) clone() tree {
	c := make(tree, len(tr))
	for k, v := range tr {
		c[k] = v
	}
	return c
}

// names returns the paths of regular files, sorted.
func (tr tree) names() []string {
	var out []string
	for k, v := range tr {
		if !strings.HasPrefix(v, linkPrefix) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// write puts the tree below dir.
func (tr tree) write(t testing.TB, dir string) {
	t.Helper()
	if err := tr.writeErr(dir); err != nil {
		t.Fatal(err)
	}
}

// writeErr is write for goroutines, which must not call t.Fatal.
func (tr tree) writeErr(dir string) error {
	keys := make([]string, 0, len(tr))
	for k := range tr {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, rel := range keys {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		content := tr[rel]
		if target, ok := strings.CutPrefix(content, linkPrefix); ok {
			if err := os.Symlink(target, p); err != nil {
				return err
			}
			continue
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// load runs sources.Load the way `edgelint check --source KIND ENTRY` does.
func load(entry string, kind lint.SourceKind, lim input.Limits) sources.Result {
	return sources.Load([]string{entry}, kind, input.Options{Limits: lim})
}

// adapterOrSkip skips when sources has no adapter for kind (a developer
// tree without it); in CI both adapters must be there.
func adapterOrSkip(t testing.TB, kind lint.SourceKind) {
	t.Helper()
	dir := t.TempDir()
	entry := filepath.Join(dir, "probe.conf")
	content := "events {}\nhttp {}\n"
	if kind == lint.Apache {
		content = "ServerName localhost\n"
	}
	if err := os.WriteFile(entry, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	res := load(entry, kind, input.Limits{})
	if len(res.Configs) == 0 {
		for _, e := range res.Errors {
			if strings.Contains(e.Message, "cannot tell whether") {
				if os.Getenv("CI") == "true" {
					t.Fatalf("sources has no %s adapter registered (sources/adapters.go)", kind)
				}
				t.Skipf("sources has no %s adapter registered yet (sources/adapters.go); these tests run once it is", kind)
			}
		}
	}
}

// serverOrSkip finds a real server binary through the real-server switch
// (realserver.Binary): skipped under -short or where it is missing, except
// in CI, which installs both servers.
func serverOrSkip(t testing.TB, name string) string {
	t.Helper()
	return realserver.Binary(t, name)
}

// verdict is what a real server said about a configuration.
type verdict struct {
	OK bool
	// Msg is the first error, File and Line where the server put it
	// (Line 0 when the message has no position).
	Msg  string
	File string
	Line int
	Out  string
}

// nginxEmerg matches "[emerg] 123#123: MESSAGE in FILE:LINE" (the pid
// part and the position are optional; reading an included directory is
// [crit] "pread() ... failed (21: Is a directory)", without a position).
var nginxEmerg = regexp.MustCompile(`\[(?:emerg|crit)\] (?:\d+#\d+: )?(.*?)(?: in (/\S+):(\d+))?$`)

// nginxTest runs `nginx -t` on entry with a prefix of its own (pid, logs).
// It may run on any goroutine: failures to run are t.Errorf.
func nginxTest(t testing.TB, bin, entry, prefix string) verdict {
	t.Helper()
	for _, sub := range []string{"logs", "tmp"} {
		if err := os.MkdirAll(filepath.Join(prefix, sub), 0o755); err != nil {
			t.Error(err)
		}
	}
	cmd := exec.Command(bin, "-t", "-q", "-p", prefix+"/", "-e", "stderr",
		"-g", "pid "+filepath.Join(prefix, "logs", "nginx.pid")+";", "-c", entry)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	v := verdict{OK: err == nil, Out: out.String()}
	if _, isExit := err.(*exec.ExitError); err != nil && !isExit {
		t.Errorf("running nginx: %v", err)
	}
	for _, line := range strings.Split(v.Out, "\n") {
		if m := nginxEmerg.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
			v.Msg, v.File = m[1], m[2]
			v.Line, _ = strconv.Atoi(m[3])
			break
		}
	}
	return v
}

// nginxSyntaxOrInclude tells the messages of nginx's configuration parser
// (ngx_conf_file.c: tokens, braces, quotes, end of file) and of include
// (a file that cannot be opened) from checks of a directive's meaning.
func nginxSyntaxOrInclude(msg string) bool {
	switch {
	case strings.HasPrefix(msg, "unexpected "): // "}", "{", ";", end of file, end of parameter
		return true
	case strings.HasPrefix(msg, "too long parameter"):
		return true
	case strings.HasPrefix(msg, "open() ") && strings.Contains(msg, " failed"):
		return true
	case strings.HasPrefix(msg, "glob() ") && strings.Contains(msg, " failed"):
		return true
	case strings.HasPrefix(msg, "pread() ") && strings.Contains(msg, " failed"):
		return true
	}
	if m := nginxArityRE.FindStringSubmatch(msg); m != nil {
		return nginx.CountsArguments(m[1])
	}
	return false
}

// nginxArityRE are nginx's argument count and on/off messages, which the
// adapter repeats for the directives it knows the counts of.
var nginxArityRE = regexp.MustCompile(`^(?:invalid number of arguments in|invalid value "[^"]*" in) "([^"]+)" directive`)

var apacheSyntaxError = regexp.MustCompile(`Syntax error on line (\d+) of ([^:]+):\s*`)

// apacheTest runs `apache2 -t` on entry with dir as ServerRoot (on any
// goroutine, like nginxTest).
func apacheTest(t testing.TB, bin, entry, dir string) verdict {
	t.Helper()
	for _, sub := range []string{"logs", "run", "lock"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			t.Error(err)
		}
	}
	cmd := exec.Command(bin, "-t", "-d", dir, "-f", entry)
	cmd.Env = append(os.Environ(), gentree.ApacheEnv(dir)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	v := verdict{OK: err == nil, Out: out.String()}
	if _, isExit := err.(*exec.ExitError); err != nil && !isExit {
		t.Errorf("running apache2: %v", err)
	}
	// Errors in included files are reported as a chain of "Syntax error on
	// line N of FILE:" prefixes; the innermost names the culprit.
	if ms := apacheSyntaxError.FindAllStringSubmatchIndex(v.Out, -1); len(ms) > 0 {
		m := ms[len(ms)-1]
		v.Line, _ = strconv.Atoi(v.Out[m[2]:m[3]])
		v.File = v.Out[m[4]:m[5]]
		rest := v.Out[m[1]:]
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			rest = rest[:i]
		}
		// "FILE:LINE: <X> was not closed." repeats the position
		v.Msg = strings.TrimSpace(rest)
		if i := strings.Index(v.Msg, ": "); i >= 0 && strings.HasPrefix(v.Msg, "/") {
			v.Msg = v.Msg[i+2:]
		}
	} else if !v.OK {
		v.Msg = strings.TrimSpace(v.Out)
	}
	return v
}

// apacheSyntaxOrInclude tells section structure and include failures from
// the checks each directive makes of its arguments.
func apacheSyntaxOrInclude(msg string) bool {
	for _, s := range []string{
		"was not closed",
		"without matching",
		"but saw",
		"missing closing '>'",
		"Could not open configuration file",
		"Could not open config directory",
		"Could not open directory",
		"No matches for the wildcard",
	} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	if m := apacheArityRE.FindStringSubmatch(msg); m != nil {
		return apache.CountsArguments(m[1])
	}
	return false
}

// apacheArityRE are invoke_cmd's argument count and FLAG messages, which
// the loader repeats for the directives it knows the counts of.
var apacheArityRE = regexp.MustCompile(`^(\w+) (?:takes (?:one|two|1-2|two or three|one, two or three) arguments?,|must be On or Off$)`)

// samePlace reports whether a LoadError position names the file and line
// the server named; files are compared after resolving symbolic links.
func samePlace(pos lint.Position, file string, line int) bool {
	if int(pos.Line) != line {
		return false
	}
	return sameFile(pos.File(), file)
}

func sameFile(a, b string) bool {
	ca, err1 := input.Canonical(a)
	cb, err2 := input.Canonical(b)
	if err1 != nil || err2 != nil {
		return filepath.Clean(a) == filepath.Clean(b)
	}
	return ca == cb
}

func errorsText(es []lint.LoadError) string {
	if len(es) == 0 {
		return "(none)"
	}
	var b strings.Builder
	for i, e := range es {
		if i == 5 {
			b.WriteString("\n    …")
			break
		}
		b.WriteString("\n    " + e.Error())
	}
	return b.String()
}

// numbered shows a file with line numbers for failure messages.
func numbered(s string) string {
	var b strings.Builder
	for i, l := range strings.Split(s, "\n") {
		if i >= 60 {
			b.WriteString("    …\n")
			break
		}
		b.WriteString(strconv.Itoa(i+1) + "\t" + l + "\n")
	}
	return b.String()
}
