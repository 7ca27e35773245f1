package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
)

// longFinding is a config whose finding's message wraps.
func longFinding(t *testing.T) {
	t.Helper()
	useTestRules(t)
	inTemp(t, map[string]string{
		// One quoted value: add_header takes two or three arguments.
		"nginx.conf": nginxConf("        location / {\n            add_header X-Lint-Error \"" + strings.TrimSpace(strings.Repeat("word ", 40)) + "\";\n            add_header X-Lint bad;\n        }\n"),
	})
}

// COLUMNS fits the findings table and the rules table to 60, 80 and 120
// columns; unset, and not on a terminal, the fixed layout stays.
func TestTablesFitTheTerminal(t *testing.T) {
	longFinding(t)
	for _, cols := range []int{60, 80, 120} {
		t.Setenv("COLUMNS", itoa(cols))
		for _, args := range [][]string{{"check", "nginx.conf"}, {"rules"}} {
			r := run(t, args...)
			for _, line := range strings.Split(r.stdout, "\n") {
				if strings.HasPrefix(line, "│") || strings.HasPrefix(line, "┌") {
					if w := twwidth.Width(line); w > cols {
						t.Errorf("%v at %d columns: a %d-column line: %s", args, cols, w, line)
					}
				}
			}
		}
	}
	t.Setenv("COLUMNS", "")
	r := run(t, "check", "nginx.conf")
	if !strings.Contains(r.stdout, "│ EL9902 test-error-marker │") {
		t.Errorf("fixed layout changed:\n%s", r.stdout)
	}
	wide := 0
	for _, line := range strings.Split(r.stdout, "\n") {
		wide = max(wide, twwidth.Width(line))
	}
	if wide <= 120 {
		t.Errorf("without COLUMNS the message column should keep its 80 columns; widest line %d", wide)
	}
}

// Two formats on standard output, or one file named twice, are usage
// errors; FORMAT=- is standard output.
func TestOutputsMustBeDistinct(t *testing.T) {
	longFinding(t)
	for _, args := range [][]string{
		{"--format", "json", "--format", "sarif"},
		{"--format", "json=-", "--format", "text"},
		{"--format", "json=out.x", "--format", "sarif=./out.x"},
	} {
		r := run(t, append([]string{"check"}, args...)...).expect(t, 3)
		if !strings.Contains(r.stderr, "standard output") && !strings.Contains(r.stderr, "the same file") {
			t.Errorf("%v: %s", args, r.stderr)
		}
	}
	run(t, "check", "--format", "json", "--format", "sarif=out.sarif").expect(t, 1)
}

// Output files replace the old file whole through a rename: no temporary
// file is left, and a write that fails leaves the old file as it was.
func TestOutputFilesAreAtomic(t *testing.T) {
	longFinding(t)
	dir, _ := os.Getwd()
	if err := os.WriteFile("out.json", []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, "check", "--format", "json=out.json").expect(t, 1)
	b, _ := os.ReadFile("out.json")
	if !strings.HasPrefix(string(b), "{") {
		t.Errorf("out.json: %.40q", b)
	}
	if st, err := os.Stat("out.json"); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("out.json mode: %v %v", st, err)
	}
	r := run(t, "check", "--format", "json=missing/out.json").expect(t, 2)
	if !strings.Contains(r.stderr, "--format json=missing/out.json: no such directory") {
		t.Errorf("stderr: %s", r.stderr)
	}
	leftovers(t, dir)
}

// A device or FIFO named as an output is written, never replaced: a
// rename over /dev/null would leave a regular file there for every
// program on the machine.
func TestOutputToDeviceIsWrittenInPlace(t *testing.T) {
	longFinding(t)
	fifo := filepath.Join(t.TempDir(), "out.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	got := make(chan string, 1)
	go func() {
		b, _ := os.ReadFile(fifo)
		got <- string(b)
	}()
	run(t, "check", "--format", "json="+fifo).expect(t, 1)
	// Checked before /dev/null is named, so a regression replaces only
	// the test's own FIFO.
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("%s is no longer a FIFO: %v %v", fifo, st, err)
	}
	select {
	case b := <-got:
		if !strings.HasPrefix(b, "{") {
			t.Errorf("read from the FIFO: %.40q", b)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("nothing was written to the FIFO")
	}
	run(t, "check", "--format", "json=/dev/null").expect(t, 1)
	if st, err := os.Stat("/dev/null"); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("/dev/null is no longer a device: %v %v", st, err)
	}
}

func leftovers(t *testing.T, dir string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

// Ctrl-C while an output file is being written exits 130 and leaves
// neither the file nor its temporary file.
func TestInterruptExits130(t *testing.T) {
	longFinding(t)
	dir, _ := os.Getwd()
	sig := make(chan os.Signal, 1)
	old, oldAfter := interrupts, afterTemp
	interrupts = func() (<-chan os.Signal, func()) { return sig, func() {} }
	release := make(chan struct{})
	afterTemp = func() {
		sig <- os.Interrupt
		<-release
	}
	t.Cleanup(func() { interrupts, afterTemp = old, oldAfter })
	r := run(t, "check", "--format", "sarif=out.sarif", "--format", "text")
	if r.code != ExitInterrupted || !strings.Contains(r.stderr, "interrupted") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	// the write goes on after Main returned (a real process has exited by
	// then); its rename must not land
	close(release)
	time.Sleep(100 * time.Millisecond)
	if _, err := os.Stat(filepath.Join(dir, "out.sarif")); err == nil {
		t.Errorf("out.sarif written after the interrupt")
	}
	leftovers(t, dir)
}

// Ctrl-C while --write-baseline writes leaves the old baseline whole: the
// new one goes through a temporary file that is never renamed over it.
func TestInterruptKeepsOldBaseline(t *testing.T) {
	longFinding(t)
	dir, _ := os.Getwd()
	old := []byte(`{"version": 1, "tool": "edgelint", "findings": []}` + "\n")
	path := filepath.Join(dir, "edgelint-baseline.json")
	if err := os.WriteFile(path, old, 0o644); err != nil {
		t.Fatal(err)
	}
	sig := make(chan os.Signal, 1)
	oldInterrupts, oldAfter := interrupts, afterTemp
	interrupts = func() (<-chan os.Signal, func()) { return sig, func() {} }
	release := make(chan struct{})
	afterTemp = func() {
		sig <- os.Interrupt
		<-release
	}
	t.Cleanup(func() { interrupts, afterTemp = oldInterrupts, oldAfter })
	r := run(t, "check", "--write-baseline", "edgelint-baseline.json")
	if r.code != ExitInterrupted {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	close(release)
	time.Sleep(100 * time.Millisecond)
	if got, _ := os.ReadFile(path); string(got) != string(old) {
		t.Errorf("the old baseline was replaced after the interrupt:\n%s", got)
	}
	leftovers(t, dir)
}
