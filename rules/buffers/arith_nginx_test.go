package buffers

import (
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/realserver"
	"github.com/edgelint/edgelint/lint"
)

// genConf builds a random configuration as text and as the flat directive
// list an adapter would produce for it.
type genConf struct {
	text strings.Builder
	dirs []*lint.Directive
	line int
	rnd  *rand.Rand
}

func (g *genConf) emit(indent int, blocks []string, name string, args []string, block bool) *lint.Directive {
	g.line++
	d := &lint.Directive{Name: name, Args: args, Blocks: append([]string(nil), blocks...), Block: block,
		Pos: lint.At("nginx.conf", g.line, indent*4+1)}
	g.dirs = append(g.dirs, d)
	fmt.Fprintf(&g.text, "%s%s", strings.Repeat("    ", indent), strings.TrimSpace(name+" "+strings.Join(args, " ")))
	if block {
		g.text.WriteString(" {\n")
	} else {
		g.text.WriteString(";\n")
	}
	return d
}

func (g *genConf) close(indent int) {
	g.line++
	fmt.Fprintf(&g.text, "%s}\n", strings.Repeat("    ", indent))
}

func (g *genConf) pick(xs ...string) string { return xs[g.rnd.Intn(len(xs))] }

// settings writes a few random buffer directives for random modules.
func (g *genConf) settings(indent int, blocks []string) {
	for _, m := range []string{"proxy", "fastcgi", "uwsgi", "scgi"} {
		if g.rnd.Intn(7) != 0 {
			continue
		}
		if g.rnd.Intn(2) == 0 {
			g.emit(indent, blocks, m+"_buffer_size", []string{g.pick("1k", "2k", "4k", "8k", "16k", "32k")}, false)
		}
		if g.rnd.Intn(2) == 0 {
			g.emit(indent, blocks, m+"_buffers", []string{g.pick("1", "2", "4", "8", "8", "16"), g.pick("1k", "4k", "8k", "16k", "16k")}, false)
		}
		if g.rnd.Intn(3) == 0 {
			g.emit(indent, blocks, m+"_busy_buffers_size", []string{g.pick("2k", "4k", "8k", "16k", "32k", "64k")}, false)
		}
		if g.rnd.Intn(5) == 0 {
			g.emit(indent, blocks, m+"_temp_file_write_size", []string{g.pick("1k", "4k", "8k", "32k")}, false)
		}
		if g.rnd.Intn(5) == 0 {
			g.emit(indent, blocks, m+"_max_temp_file_size", []string{g.pick("0", "1k", "4k", "1m")}, false)
		}
	}
}

func generate(rnd *rand.Rand, dir string) *genConf {
	g := &genConf{rnd: rnd}
	for _, l := range []string{
		"pid " + dir + "/nginx.pid;", "events {}", "error_log " + dir + "/error.log;",
	} {
		g.text.WriteString(l + "\n")
		g.line++
	}
	g.emit(0, nil, "http", nil, true)
	for _, t := range []string{"client_body", "proxy", "fastcgi", "uwsgi", "scgi"} {
		g.emit(1, []string{"http"}, t+"_temp_path", []string{dir + "/" + t}, false)
	}
	g.settings(1, []string{"http"})
	for s := 0; s < 1+rnd.Intn(2); s++ {
		sb := []string{"http", "server"}
		g.emit(1, []string{"http"}, "server", nil, true)
		g.emit(2, sb, "listen", []string{fmt.Sprintf("127.0.0.1:%d", 18100+s)}, false)
		g.settings(2, sb)
		for l := 0; l < rnd.Intn(3); l++ {
			lb := append(sb[:2:2], "location")
			g.emit(2, sb, "location", []string{fmt.Sprintf("/l%d", l)}, true)
			g.settings(3, lb)
			if rnd.Intn(3) == 0 {
				g.emit(3, lb, "location", []string{fmt.Sprintf("/l%d/n", l)}, true)
				g.settings(4, append(lb[:3:3], "location"))
				g.close(3)
			}
			g.close(2)
		}
		g.close(1)
	}
	g.close(0)
	return g
}

// TestArithmeticAgainstNginx compares the rule with the real nginx -t on
// random configurations: the rule must find a problem exactly when nginx
// rejects the configuration, and its first problem must be nginx's error.
// A real-server test (internal/testsupport/realserver says when it runs).
func TestArithmeticAgainstNginx(t *testing.T) {
	bin := realserver.Nginx(t)
	if os.Getpagesize() != 4096 {
		t.Skipf("page size %d: the test assumes 4k pages", os.Getpagesize())
	}
	n := 150
	if testing.Short() {
		n = 30
	}
	rnd := rand.New(rand.NewSource(1))
	var rejected int
	for i := 0; i < n; i++ {
		dir := t.TempDir()
		g := generate(rnd, dir)
		conf := filepath.Join(dir, "nginx.conf")
		if err := os.WriteFile(conf, []byte(g.text.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(bin, "-t", "-q", "-p", dir, "-c", conf, "-e", "/dev/stderr").CombinedOutput()
		probs := problems(buildTree(g.dirs), 4096)
		switch {
		case err == nil && len(probs) > 0:
			t.Errorf("case %d: nginx accepts it, the rule says %s\n%s", i, probs[0].msg, g.text.String())
		case err != nil && len(probs) == 0:
			t.Errorf("case %d: nginx rejects it (%s), the rule finds nothing\n%s", i, out, g.text.String())
		case err != nil:
			rejected++
			if !strings.Contains(string(out), probs[0].nginx) {
				t.Errorf("case %d: nginx says %s; the rule's first problem quotes %q\n%s", i, out, probs[0].nginx, g.text.String())
			}
		}
	}
	if rejected == 0 || rejected == n {
		t.Errorf("%d of %d random configurations rejected: the generator no longer covers both outcomes", rejected, n)
	}
	t.Logf("%d of %d random configurations rejected by nginx, all predicted", rejected, n)
}
