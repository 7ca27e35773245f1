package cli

import (
	"os"
	"strings"
	"testing"
)

// Load errors say what is wrong in the user's words: no Go function or
// type names, no file name twice, symbolic link loops by that name, a
// huge file by its size.
func TestMessagesInTheUsersWords(t *testing.T) {
	useTestRules(t)
	inTemp(t, map[string]string{
		"big/huge.conf": "events {}\n",
		"bin.conf":      "a\x00b",
	})
	// sparse: over the 32 MiB limit without writing it
	if err := os.Truncate("big/huge.conf", 40<<20); err != nil {
		t.Fatal(err)
	}
	for _, l := range [][2]string{{"loop1", "loop2"}, {"loop2", "loop1"}} {
		if err := os.Symlink(l[1], l[0]); err != nil {
			t.Fatal(err)
		}
	}
	out := ""
	for _, args := range [][]string{
		{"check", "--format", "compact", "."},
		{"check", "--format", "compact", "loop1"},
		{"check", "--format", "compact", "--source", "nginx", "bin.conf"},
		{"check", "--format", "compact", "--source", "nginx", "big/huge.conf"},
		{"check", "--format", "compact", "big/huge.conf"},
	} {
		r := run(t, args...)
		out += r.stdout + r.stderr
	}
	for _, bad := range []string{"EvalSymlinks", "too many links", "stat loop1", "open ", "error: bin.conf:", "error: big/huge.conf:", "*fs.", "syscall"} {
		if strings.Contains(out, bad) {
			t.Errorf("%q in:\n%s", bad, out)
		}
	}
	for _, want := range []string{"loop1: error: cannot read: symbolic link loop", "bin.conf", "binary file", "big/huge.conf: error: file is 41943040 bytes, over the 33554432-byte limit"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
}

// Files named on the command line that cannot be read or written are
// named once, with the reason, without Go's operation ("open …").
func TestFileFlagErrors(t *testing.T) {
	useTestRules(t)
	inTemp(t, map[string]string{"nginx.conf": nginxConf()})
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"check", "--baseline", "missing.json", "nginx.conf"}, 3, "--baseline missing.json: no such file"},
		{[]string{"check", "--write-baseline", "no/dir/b.json", "nginx.conf"}, 2, "--write-baseline no/dir/b.json: no such directory"},
		{[]string{"rules", "--write-readme", "missing.md"}, 2, "--write-readme missing.md: no such file"},
	} {
		r := run(t, c.args...).expect(t, c.code)
		if !strings.Contains(r.stderr, c.want) || strings.Contains(r.stderr, "open ") {
			t.Errorf("%v: %q, want %q", c.args, r.stderr, c.want)
		}
	}
}
