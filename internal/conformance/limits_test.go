package conformance

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources"
	"github.com/edgelint/edgelint/sources/input"
)

// syntax writes the few constructs the limit cases need in one source's
// language.
type syntax struct {
	kind  lint.SourceKind
	entry string
	// main wraps body (lines at the level where includes of server blocks
	// go) into a complete main configuration.
	main func(body string) string
	// include is an include directive for path.
	include func(path string) string
	// open and close nest a block; leaf is a plain directive inside it.
	open  func(depth int) string
	close string
	leaf  string
	// directive is a harmless directive at the top level of an included file.
	directive string
}

var nginxLang = syntax{
	kind:  lint.Nginx,
	entry: "nginx.conf",
	main: func(body string) string {
		return "events {}\nhttp {\n" + body + "}\n"
	},
	include: func(p string) string { return "include " + p + ";" },
	// the same prefix at every level keeps each location inside its parent
	// (nginx rejects a nested location that is not)
	open:      func(int) string { return "location /deep/ {" },
	close:     "}",
	leaf:      "return 204;",
	directive: "proxy_read_timeout 30s;",
}

var apacheLang = syntax{
	kind:  lint.Apache,
	entry: "httpd.conf",
	main: func(body string) string {
		return "ServerName localhost\nListen 127.0.0.1:8099\n" + body
	},
	include:   func(p string) string { return "Include " + p },
	open:      func(d int) string { return "<IfModule mod_headers.c>" },
	close:     "</IfModule>",
	leaf:      `Header set X-Deep "1"`,
	directive: "ProxyTimeout 30",
}

// where is an acceptable position for a limit error: the file, and the
// line when line is not 0 (any line of the file otherwise), or a line in
// line..lineTo when lineTo is set.
type where struct {
	file   string
	line   int
	lineTo int
}

func (w where) matches(pos lint.Position) bool {
	if !sameFile(pos.File(), w.file) {
		return false
	}
	switch {
	case w.lineTo > 0:
		return int(pos.Line) >= w.line && int(pos.Line) <= w.lineTo
	case w.line > 0:
		return int(pos.Line) == w.line
	}
	return true
}

// limitCase builds a tree in dir and says where the error may be.
type limitCase struct {
	name string
	// limits changes the defaults (nil keeps them).
	limits func(*input.Limits)
	build  func(t *testing.T, s syntax, dir string) []where
	// skipKind lists kinds the case does not apply to.
	skipKind lint.SourceKind
}

func lines(ls ...string) string { return strings.Join(ls, "\n") + "\n" }

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// the include line is line 3 of nginx's main (events, http, include) and of
// Apache's (ServerName, Listen, Include).
const includeLine = 3

var limitCases = []limitCase{
	{
		name:   "include depth",
		limits: func(l *input.Limits) { l.MaxIncludeDepth = 8 },
		build: func(t *testing.T, s syntax, dir string) []where {
			writeFile(t, filepath.Join(dir, s.entry), s.main(s.include("d/0.conf")+"\n"))
			var ws []where
			for i := range 30 {
				p := filepath.Join(dir, "d", fmt.Sprintf("%d.conf", i))
				writeFile(t, p, lines(s.directive, s.include(fmt.Sprintf("d/%d.conf", i+1))))
				ws = append(ws, where{file: p, line: 2})
			}
			writeFile(t, filepath.Join(dir, "d", "30.conf"), lines(s.directive))
			// the chain breaks somewhere past the limit: on an include line
			return ws
		},
	},
	{
		name: "include depth, default limit",
		build: func(t *testing.T, s syntax, dir string) []where {
			writeFile(t, filepath.Join(dir, s.entry), s.main(s.include("d/0.conf")+"\n"))
			var ws []where
			for i := range 300 {
				p := filepath.Join(dir, "d", fmt.Sprintf("%d.conf", i))
				writeFile(t, p, lines(s.include(fmt.Sprintf("d/%d.conf", i+1))))
				ws = append(ws, where{file: p, line: 1})
			}
			writeFile(t, filepath.Join(dir, "d", "300.conf"), lines(s.directive))
			return ws
		},
	},
	{
		name:   "include count",
		limits: func(l *input.Limits) { l.MaxFiles = 10 },
		build: func(t *testing.T, s syntax, dir string) []where {
			writeFile(t, filepath.Join(dir, s.entry), s.main(s.include("many/*.conf")+"\n"))
			ws := []where{{file: filepath.Join(dir, s.entry), line: includeLine}}
			for i := range 40 {
				p := filepath.Join(dir, "many", fmt.Sprintf("%02d.conf", i))
				writeFile(t, p, lines(s.directive))
				ws = append(ws, where{file: p, line: 0})
			}
			return ws
		},
	},
	{
		// Every file of a level includes every file of the next: 35
		// files, but 5^6 (15,625) include operations, far over MaxFiles.
		// A limit that counts only distinct files lets a slightly larger
		// tree (10 files a level, 10 levels) run for hours; nginx itself
		// would too.
		name:   "include fan-out bomb",
		limits: func(l *input.Limits) { l.MaxFiles = 500 },
		build: func(t *testing.T, s syntax, dir string) []where {
			writeFile(t, filepath.Join(dir, s.entry), s.main(s.include("l0/*.conf")+"\n"))
			ws := []where{{file: filepath.Join(dir, s.entry), line: includeLine}}
			for level := range 7 {
				for i := range 5 {
					p := filepath.Join(dir, fmt.Sprintf("l%d", level), fmt.Sprintf("%d.conf", i))
					body := s.directive
					if level < 6 {
						body = s.include(fmt.Sprintf("l%d/*.conf", level+1))
					}
					writeFile(t, p, lines(body))
					ws = append(ws, where{file: p, line: 0})
				}
			}
			return ws
		},
	},
	{
		name:   "file size",
		limits: func(l *input.Limits) { l.MaxFileSize = 4096 },
		build: func(t *testing.T, s syntax, dir string) []where {
			writeFile(t, filepath.Join(dir, s.entry), s.main(s.include("big.conf")+"\n"))
			big := filepath.Join(dir, "big.conf")
			writeFile(t, big, strings.Repeat(s.directive+"\n", 1000))
			return []where{{file: filepath.Join(dir, s.entry), line: includeLine}, {file: big, line: 0}}
		},
	},
	{
		// a sparse file over the default 32 MiB: cheap to make, and the
		// loader must refuse it before reading it
		name: "file size, default limit",
		build: func(t *testing.T, s syntax, dir string) []where {
			writeFile(t, filepath.Join(dir, s.entry), s.main(s.include("huge.conf")+"\n"))
			huge := filepath.Join(dir, "huge.conf")
			f, err := os.Create(huge)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.Truncate(input.DefaultLimits.MaxFileSize + 1); err != nil {
				t.Fatal(err)
			}
			f.Close()
			return []where{{file: filepath.Join(dir, s.entry), line: includeLine}, {file: huge, line: 0}}
		},
	},
	{
		name: "symbolic link loop",
		build: func(t *testing.T, s syntax, dir string) []where {
			writeFile(t, filepath.Join(dir, s.entry), s.main(s.include("loop/a.conf")+"\n"))
			if err := os.MkdirAll(filepath.Join(dir, "loop"), 0o755); err != nil {
				t.Fatal(err)
			}
			mustSymlink(t, "b.conf", filepath.Join(dir, "loop", "a.conf"))
			mustSymlink(t, "a.conf", filepath.Join(dir, "loop", "b.conf"))
			return []where{{file: filepath.Join(dir, s.entry), line: includeLine}}
		},
	},
	{
		name: "symbolic link loop through a glob",
		build: func(t *testing.T, s syntax, dir string) []where {
			writeFile(t, filepath.Join(dir, s.entry), s.main(s.include("conf.d/*.conf")+"\n"))
			writeFile(t, filepath.Join(dir, "conf.d", "ok.conf"), lines(s.directive))
			mustSymlink(t, "self.conf", filepath.Join(dir, "conf.d", "self.conf"))
			return []where{{file: filepath.Join(dir, s.entry), line: includeLine}, {file: filepath.Join(dir, "conf.d", "self.conf"), line: 0}}
		},
	},
	{
		// Apache includes a directory recursively; a link back to it loops
		name:     "directory include through a symbolic-link loop",
		skipKind: lint.Nginx, // nginx cannot include a directory at all
		build: func(t *testing.T, s syntax, dir string) []where {
			writeFile(t, filepath.Join(dir, s.entry), s.main(s.include("conf.d")+"\n"))
			writeFile(t, filepath.Join(dir, "conf.d", "a.conf"), lines(s.directive))
			mustSymlink(t, ".", filepath.Join(dir, "conf.d", "again"))
			return []where{{file: filepath.Join(dir, s.entry), line: includeLine}, {file: filepath.Join(dir, "conf.d")}}
		},
	},
	{
		name: "binary file",
		build: func(t *testing.T, s syntax, dir string) []where {
			writeFile(t, filepath.Join(dir, s.entry), s.main(s.include("bin.conf")+"\n"))
			bin := filepath.Join(dir, "bin.conf")
			writeFile(t, bin, "\x7fELF\x02\x01\x01\x00\x00\x00"+strings.Repeat("\x00\xff{};\"", 200))
			return []where{{file: filepath.Join(dir, s.entry), line: includeLine}, {file: bin, line: 0}}
		},
	},
	{
		// a named pipe nobody writes to: reading it would block forever
		name: "include of a FIFO",
		build: func(t *testing.T, s syntax, dir string) []where {
			writeFile(t, filepath.Join(dir, s.entry), s.main(s.include("pipe.conf")+"\n"))
			pipe := filepath.Join(dir, "pipe.conf")
			if err := syscall.Mkfifo(pipe, 0o644); err != nil {
				t.Skipf("cannot make a FIFO here: %v", err)
			}
			return []where{{file: filepath.Join(dir, s.entry), line: includeLine}, {file: pipe}}
		},
	},
	{
		// a device that never ends: its size says 0, reading it never stops
		name: "include of /dev/zero",
		build: func(t *testing.T, s syntax, dir string) []where {
			if _, err := os.Stat("/dev/zero"); err != nil {
				t.Skip("no /dev/zero here")
			}
			writeFile(t, filepath.Join(dir, s.entry), s.main(s.include("/dev/zero")+"\n"))
			return []where{{file: filepath.Join(dir, s.entry), line: includeLine}, {file: "/dev/zero"}}
		},
	},
	{
		name:   "very long line",
		limits: func(l *input.Limits) { l.MaxLineLength = 200 },
		build: func(t *testing.T, s syntax, dir string) []where {
			writeFile(t, filepath.Join(dir, s.entry), s.main(s.include("long.conf")+"\n"))
			long := filepath.Join(dir, "long.conf")
			writeFile(t, long, lines(s.directive, "# "+strings.Repeat("x", 5000), s.directive))
			return []where{{file: long, line: 2}}
		},
	},
	{
		name: "very long line, default limit",
		build: func(t *testing.T, s syntax, dir string) []where {
			writeFile(t, filepath.Join(dir, s.entry), s.main(s.include("long.conf")+"\n"))
			long := filepath.Join(dir, "long.conf")
			// one directive whose argument is over 1 MiB, no newline at all
			writeFile(t, long, s.directive[:strings.IndexByte(s.directive, ' ')]+" "+strings.Repeat("9", input.DefaultLimits.MaxLineLength+10))
			return []where{{file: long, line: 1}}
		},
	},
	{
		name: "include cycle",
		build: func(t *testing.T, s syntax, dir string) []where {
			writeFile(t, filepath.Join(dir, s.entry), s.main(s.include("a.conf")+"\n"))
			a, b := filepath.Join(dir, "a.conf"), filepath.Join(dir, "b.conf")
			writeFile(t, a, lines(s.directive, s.include("b.conf")))
			writeFile(t, b, lines(s.include("a.conf")))
			return []where{{file: a, line: 2}, {file: b, line: 1}}
		},
	},
	{
		name: "file includes itself",
		build: func(t *testing.T, s syntax, dir string) []where {
			writeFile(t, filepath.Join(dir, s.entry), s.main(s.include("self.conf")+"\n"))
			self := filepath.Join(dir, "self.conf")
			writeFile(t, self, lines(s.directive, s.include("self.conf")))
			return []where{{file: self, line: 2}}
		},
	},
	{
		name: "include cycle through a glob",
		build: func(t *testing.T, s syntax, dir string) []where {
			writeFile(t, filepath.Join(dir, s.entry), s.main(s.include("conf.d/*.conf")+"\n"))
			p := filepath.Join(dir, "conf.d", "again.conf")
			writeFile(t, p, lines(s.directive, s.include("conf.d/*.conf")))
			return []where{{file: p, line: 2}}
		},
	},
	{
		name:   "deeply nested blocks",
		limits: func(l *input.Limits) { l.MaxBlockDepth = 20 },
		build: func(t *testing.T, s syntax, dir string) []where {
			return nested(t, s, dir, 60)
		},
	},
	{
		name: "deeply nested blocks, default limit",
		build: func(t *testing.T, s syntax, dir string) []where {
			return nested(t, s, dir, 1000)
		},
	},
	{
		// Blocks opened and never closed, far past the nesting limit: the
		// loader must stop where the limit is crossed (one block a line,
		// so near line 20, counting the blocks around the include), not
		// carry a stack of thousands of open blocks to the end of the file. Work that grows with the square of the
		// depth makes 64 KB of this take seconds to minutes.
		name:   "unclosed blocks to the end of the file",
		limits: func(l *input.Limits) { l.MaxBlockDepth = 20 },
		build: func(t *testing.T, s syntax, dir string) []where {
			writeFile(t, filepath.Join(dir, s.entry), s.main(s.include("open.conf")+"\n"))
			p := filepath.Join(dir, "open.conf")
			head := "" // where the blocks are allowed: inside a server for nginx
			if s.kind == lint.Nginx {
				head = "server {\n"
			}
			writeFile(t, p, head+strings.Repeat(s.open(0)+"\n", 3000))
			return []where{{file: p, line: 15, lineTo: 24}}
		},
	},
}

// nested writes a server/virtual host with depth nested blocks; the error
// is somewhere past the limit, inside the nested file.
func nested(t *testing.T, s syntax, dir string, depth int) []where {
	writeFile(t, filepath.Join(dir, s.entry), s.main(s.include("deep.conf")+"\n"))
	var b strings.Builder
	if s.kind == lint.Nginx {
		b.WriteString("server {\nlisten 127.0.0.1:8099;\n")
	} else {
		b.WriteString("<VirtualHost *:8099>\n")
	}
	for d := range depth {
		b.WriteString(s.open(d) + "\n")
	}
	b.WriteString(s.leaf + "\n")
	for range depth {
		b.WriteString(s.close + "\n")
	}
	if s.kind == lint.Nginx {
		b.WriteString("}\n")
	} else {
		b.WriteString("</VirtualHost>\n")
	}
	p := filepath.Join(dir, "deep.conf")
	writeFile(t, p, b.String())
	return []where{{file: p, line: 0}}
}

func mustSymlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

func TestLimitsNginx(t *testing.T)  { runLimits(t, nginxLang) }
func TestLimitsApache(t *testing.T) { runLimits(t, apacheLang) }

func runLimits(t *testing.T, s syntax) {
	adapterOrSkip(t, s.kind)
	for _, c := range limitCases {
		t.Run(c.name, func(t *testing.T) {
			if c.skipKind == s.kind {
				t.Skipf("does not apply to %s", s.kind)
			}
			dir := t.TempDir()
			ws := c.build(t, s, dir)
			lim := input.DefaultLimits
			if c.limits != nil {
				c.limits(&lim)
			}
			res := load(filepath.Join(dir, s.entry), s.kind, lim)
			if len(res.Errors) == 0 {
				t.Fatalf("no load error; want one at %s", describeWhere(ws, dir))
			}
			for _, e := range res.Errors {
				if e.Message == "" || e.Pos.File() == "" {
					t.Errorf("load error without a message or a file: %+v", e)
				}
			}
			for _, e := range res.Errors {
				for _, w := range ws {
					if w.matches(e.Pos) {
						return
					}
				}
			}
			t.Errorf("no load error at %s; got:%s", describeWhere(ws, dir), errorsText(res.Errors))
		})
	}
}

func describeWhere(ws []where, dir string) string {
	var parts []string
	for i, w := range ws {
		if i == 4 {
			parts = append(parts, fmt.Sprintf("… (%d places)", len(ws)))
			break
		}
		rel, _ := filepath.Rel(dir, w.file)
		switch {
		case w.lineTo > 0:
			rel += fmt.Sprintf(":%d-%d", w.line, w.lineTo)
		case w.line > 0:
			rel += fmt.Sprintf(":%d", w.line)
		}
		parts = append(parts, rel)
	}
	return strings.Join(parts, " or ")
}

// TestWalkSymlinkLoop points sources.Load at a directory whose symbolic
// links loop back to it: the walk must end, and the configuration in it
// must be loaded once.
func TestWalkSymlinkLoop(t *testing.T) {
	for _, s := range []syntax{nginxLang, apacheLang} {
		t.Run(string(s.kind), func(t *testing.T) {
			adapterOrSkip(t, s.kind)
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, s.entry), s.main(""))
			mustSymlink(t, ".", filepath.Join(dir, "again"))
			if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
				t.Fatal(err)
			}
			mustSymlink(t, "..", filepath.Join(dir, "sub", "up"))
			mustSymlink(t, "../sub", filepath.Join(dir, "sub", "self"))
			// as `edgelint check DIR` does: every kind, sniffed
			res := sources.Load([]string{dir}, "", input.Options{})
			if len(res.Configs) != 1 {
				t.Errorf("want the one tree loaded once, got %d configs; errors:%s", len(res.Configs), errorsText(res.Errors))
			}
		})
	}
}

// TestWalkSpecialFiles points sources.Load at a directory holding a named
// pipe: sniffing must not open it for reading (that blocks until a writer
// comes), and the configuration beside it still loads.
func TestWalkSpecialFiles(t *testing.T) {
	for _, s := range []syntax{nginxLang, apacheLang} {
		t.Run(string(s.kind), func(t *testing.T) {
			adapterOrSkip(t, s.kind)
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, s.entry), s.main(""))
			if err := syscall.Mkfifo(filepath.Join(dir, "pipe.conf"), 0o644); err != nil {
				t.Skipf("cannot make a FIFO here: %v", err)
			}
			res := sources.Load([]string{dir}, "", input.Options{})
			if len(res.Configs) != 1 {
				t.Errorf("want the one tree, got %d configs; errors:%s", len(res.Configs), errorsText(res.Errors))
			}
		})
	}
}
