//go:build unix

package cli

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/creack/pty"
	"github.com/olekukonko/tablewriter/pkg/twwidth"
)

// On a real terminal (a pty of 80 columns, COLUMNS unset) the table is
// fitted by the ioctl, colours are on, and progress shows on stderr
// without --progress; the same run into a pipe is silent on stderr.
func TestOnATerminal(t *testing.T) {
	longFinding(t)
	t.Setenv("COLUMNS", "")
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	defer ptmx.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 24, Cols: 80}); err != nil {
		t.Fatal(err)
	}
	if !isTerminal(tty) || termWidth(tty) != 80 {
		t.Fatalf("isTerminal %v, termWidth %d", isTerminal(tty), termWidth(tty))
	}
	var out bytes.Buffer
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); io.Copy(&out, ptmx) }()
	code := Main([]string{"check", "nginx.conf"}, strings.NewReader(""), tty, tty)
	tty.Close()
	wg.Wait()
	if code != ExitFindings {
		t.Errorf("exit %d:\n%s", code, out.String())
	}
	s := out.String()
	if !strings.Contains(s, "\x1b[") || !strings.Contains(s, "files found") && !strings.Contains(s, "include trees read") {
		t.Errorf("no colours or no progress on a terminal:\n%q", s)
	}
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimRight(line, "\r")
		if i := strings.LastIndex(line, "\r"); i >= 0 {
			line = line[i+1:]
		}
		if strings.HasPrefix(line, "│") || strings.HasPrefix(line, "┌") {
			if w := twwidth.Width(line); w > 80 {
				t.Errorf("a %d-column line on an 80-column terminal: %q", w, line)
			}
		}
	}
}
