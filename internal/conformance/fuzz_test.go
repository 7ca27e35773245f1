package conformance

import (
	"bytes"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources"
	"github.com/edgelint/edgelint/sources/input"
)

// Fuzz input modes: which kind is forced on the entry file, or none (the
// directory is sniffed and walked as `edgelint check DIR` does).
const (
	fuzzNginx uint8 = iota
	fuzzApache
	fuzzSniffDir
	fuzzModes
)

// maxFuzzTree bounds one input so every run stays fast.
const maxFuzzTree = 64 << 10

// FuzzLoadTree writes a small random multi-file tree and loads it through
// sources.Load. The tree is in a txtar-like form: "-- NAME --" lines start
// files; a file whose content starts with "-> " is a symbolic link. The
// first file is the entry. Loading must never panic or hang, and every
// LoadError must say what and where.
func FuzzLoadTree(f *testing.F) {
	for _, name := range sortedKeys(nginxBases) {
		f.Add(fuzzNginx, []byte(toArchive(nginxBases[name], "nginx.conf")))
	}
	for _, name := range sortedKeys(apacheBases) {
		f.Add(fuzzApache, []byte(toArchive(apacheBases[name], "httpd.conf")))
	}
	f.Add(fuzzSniffDir, []byte(toArchive(nginxBases["multi"], "nginx.conf")))
	f.Add(fuzzNginx, []byte("-- nginx.conf --\nevents{}\nhttp{include a.conf;}\n-- a.conf --\ninclude b.conf;\n-- b.conf --\ninclude a.conf;\n"))
	f.Add(fuzzNginx, []byte("-- nginx.conf --\nhttp{include l/a.conf;}\n-- l/a.conf --\n-> b.conf\n-- l/b.conf --\n-> a.conf\n"))
	f.Add(fuzzApache, []byte("-- httpd.conf --\nInclude x/*.conf\n-- x/1.conf --\n<VirtualHost *:80>\n<Location />\n</VirtualHost>\n"))
	f.Add(fuzzSniffDir, []byte("-- nginx.conf --\n\"unterminated {\n-- httpd.conf --\n<VirtualHost\n"))

	f.Fuzz(func(t *testing.T, mode uint8, data []byte) {
		if len(data) > maxFuzzTree {
			return
		}
		files := fromArchive(data)
		if len(files) == 0 {
			return
		}
		dir := t.TempDir()
		entry := ""
		for _, fl := range files {
			p := filepath.Join(dir, filepath.FromSlash(fl.name))
			if entry == "" {
				entry = p
			}
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return // a name used as both file and directory
			}
			if target, ok := strings.CutPrefix(fl.content, linkPrefix); ok {
				_ = os.Symlink(linkTarget(target, fl.name), p)
				continue
			}
			_ = os.WriteFile(p, []byte(fl.content), 0o644)
		}
		lim := input.DefaultLimits
		lim.MaxFiles = 200 // keep each run small
		opts := input.Options{Limits: lim}
		var res sources.Result
		switch mode % fuzzModes {
		case fuzzNginx:
			res = sources.Load([]string{entry}, lint.Nginx, opts)
		case fuzzApache:
			res = sources.Load([]string{entry}, lint.Apache, opts)
		default:
			res = sources.Load([]string{dir}, "", opts)
		}
		for _, e := range res.Errors {
			if strings.TrimSpace(e.Message) == "" {
				t.Errorf("load error without a message at %v", e.Pos)
			}
			if e.Pos.Line < 0 || e.Pos.Col < 0 {
				t.Errorf("load error with a negative position: %v", e)
			}
		}
		for _, c := range res.Configs {
			if c == nil {
				t.Fatal("nil config")
			}
			// a tree that loaded cleanly read at least its entry
			if len(c.Files) == 0 && len(res.Errors) == 0 {
				t.Errorf("config %q lists no files and there is no load error", c.Root)
			}
		}
	})
}

type archiveFile struct{ name, content string }

// fromArchive splits "-- NAME --" sections; names are made safe (relative,
// inside the tree, a few characters) and files beyond 8 are dropped.
func fromArchive(data []byte) []archiveFile {
	var out []archiveFile
	seen := map[string]bool{}
	var cur *archiveFile
	for _, line := range bytes.SplitAfter(data, []byte("\n")) {
		s := string(line)
		if t := strings.TrimSpace(s); strings.HasPrefix(t, "-- ") && strings.HasSuffix(t, " --") && len(t) >= 6 {
			name := cleanName(strings.TrimSpace(t[3 : len(t)-3]))
			if name == "" || seen[name] || len(out) == 8 {
				cur = nil
				continue
			}
			seen[name] = true
			out = append(out, archiveFile{name: name})
			cur = &out[len(out)-1]
			continue
		}
		if cur != nil {
			cur.content += s
		}
	}
	return out
}

// cleanName keeps a path inside the tree: letters, digits, '.', '-', '_'
// and '/', no "..", not absolute, at most 40 bytes.
func cleanName(name string) string {
	if len(name) > 40 {
		name = name[:40]
	}
	var b strings.Builder
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_', r == '/':
			b.WriteRune(r)
		}
	}
	var parts []string
	for _, p := range strings.Split(b.String(), "/") {
		if p != "" && p != "." && p != ".." {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "/")
}

// linkTarget keeps a symbolic link's target inside the tree: it may climb
// with "..", but not above the tree's root.
func linkTarget(target, linkName string) string {
	target = strings.TrimSpace(target)
	if len(target) > 60 || target == "" || strings.HasPrefix(target, "/") {
		return "."
	}
	resolved := path.Join(path.Dir(linkName), target)
	if resolved == ".." || strings.HasPrefix(resolved, "../") {
		return "."
	}
	return target
}

func toArchive(tr tree, entry string) string {
	var b strings.Builder
	b.WriteString("-- " + entry + " --\n" + tr[entry])
	for _, name := range sortedKeys(tr) {
		if name != entry {
			b.WriteString("-- " + name + " --\n" + tr[name])
			if !strings.HasSuffix(tr[name], "\n") {
				b.WriteString("\n")
			}
		}
	}
	return b.String()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
