// Package realserver runs the real nginx, Apache httpd and php-fpm for
// tests: it finds the binaries, writes configurations whose every writable
// path lives under a temporary prefix, checks them (nginx -t, apache2 -t,
// php-fpm -t) and runs the servers on loopback until the test ends.
//
// Every test that needs a real program (nginx, apache2, php-fpm,
// pre-commit) goes through one switch, Binary (or Require for a test that
// finds the program itself):
//
//   - CI=true or EDGELINT_REAL_SERVERS=1: the test runs, and a missing
//     program fails it. CI installs them all (.ci/run), and a real-server
//     test that silently skipped there would prove nothing; -short does not
//     change this.
//   - go test -short: the test skips, installed or not.
//   - otherwise: the test runs when the program is installed and skips,
//     saying why, when it is not.
package realserver

import (
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Binary finds a program a test runs (also in /usr/sbin, which an
// unprivileged PATH may lack), after Require. Without it the test skips,
// or fails when Required.
func Binary(t testing.TB, name string) string {
	t.Helper()
	Require(t)
	for _, p := range []string{name, "/usr/sbin/" + name} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	missing(t, name+" is not installed")
	return ""
}

// Required reports whether real-server tests must run here: CI=true or
// EDGELINT_REAL_SERVERS=1.
func Required() bool {
	return os.Getenv("CI") == "true" || os.Getenv("EDGELINT_REAL_SERVERS") == "1"
}

// Require is the switch itself: it skips the test under go test -short,
// unless Required.
func Require(t testing.TB) {
	t.Helper()
	if testing.Short() && !Required() {
		t.Skip("real-server test: go test -short leaves it out (CI=true or EDGELINT_REAL_SERVERS=1 runs it)")
	}
}

func missing(t testing.TB, what string) {
	t.Helper()
	if Required() {
		t.Fatalf("%s; CI must install it (apt-get install nginx apache2 php-fpm php-mysql mariadb-server pre-commit)", what)
		return
	}
	t.Skipf("%s: skipping the real-server test (install nginx, apache2, php-fpm, php-mysql, mariadb-server and pre-commit to run it)", what)
}

// Dir is a fresh directory that the servers' unprivileged workers can read
// (t.TempDir's parents are private to the test user, and as root Apache's
// children run as nobody), removed when the test ends.
func Dir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "edgelint-realserver-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// FreePort returns a loopback port nothing listens on right now.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// WriteFile writes content to path or fails the test.
func WriteFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Indent prefixes each non-empty line of s, without leading or trailing
// blank lines.
func Indent(s, prefix string) string {
	s = strings.Trim(s, "\n")
	if s == "" {
		return ""
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n")
}
