package nginx

import (
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/sniffcheck"
	"path/filepath"
	"strings"
)

// sniffBefore and the functions below are Sniff as it was before it
// stopped allocating: the oracle TestSniffSameAsBefore and
// FuzzSniffSameAsBefore compare the fast Sniff with.

// Sniff tells an nginx file from others: 2 for a main configuration (http
// or events at the top level), 1 for something that reads as nginx syntax,
// 0 otherwise (Apache, JSON, YAML, INI, prose).
func sniffBefore(path string, head []byte) int {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json", ".yaml", ".yml", ".md", ".go", ".py", ".sh", ".txt", ".html", ".js", ".pem", ".key",
		".crt", ".bz2", ".gz", ".xml", ".htaccess", ".toml", ".ini", ".zip":
		return 0
	}
	trimmed := strings.TrimLeft(string(head), " \t\r\n\ufeff")
	if trimmed == "" || strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "[") {
		return 0
	}
	for _, b := range head {
		if b == 0 {
			return 0
		}
	}
	// Read the head with nginx's own tokenizer: it must read as statements
	// whose names look like directives.
	truncated := len(head) >= 64<<10
	lx := newLexer(head, path)
	depth, statements, directiveLike := 0, 0, 0
	main := false
	var stack []string
	for i := 0; i < 1<<20; i++ {
		words, kind, err := lx.next()
		if err != nil {
			if truncated && strings.HasPrefix(err.Message, "unexpected end of file") {
				break
			}
			return sniffLinesBefore(head)
		}
		if kind == tokFileDone {
			break
		}
		switch kind {
		case tokBlockDone:
			if depth == 0 {
				return sniffLinesBefore(head)
			}
			depth--
			stack = stack[:len(stack)-1]
			continue
		}
		statements++
		if apacheLikeBefore(words[0].text) {
			return 0
		}
		inCustom := len(stack) > 0 && customHandlerBlocks[stack[len(stack)-1]]
		if inCustom || words[0].quoted || isDirectiveNameBefore(words[0].text) {
			directiveLike++
		}
		if kind == tokBlockStart && strings.HasSuffix(words[0].text, "_by_lua_block") {
			if _, err := lx.skipLua(); err != nil && !truncated {
				return sniffLinesBefore(head)
			}
			continue
		}
		if kind == tokBlockStart {
			if depth == 0 && (words[0].text == "http" || words[0].text == "events") {
				main = true
			}
			depth++
			stack = append(stack, words[0].text)
		}
	}
	if depth > 0 && !truncated {
		return sniffLinesBefore(head)
	}
	if statements == 0 || directiveLike*10 < statements*8 {
		return 0
	}
	if main {
		return 2
	}
	return 1
}

// apacheLike reports whether a statement's first word is Apache's: a
// <Tag ...> section or a well-known CamelCase directive (nginx directives
// are lower case; nginx-syntax rule files such as naxsi's MainRule lines
// are not in the list). Only the first word of a statement is looked at,
// so HTML in a return string or Lua in a *_by_lua_block says nothing.
func apacheLikeBefore(first string) bool {
	if first != "" && first[0] == '<' && len(first) > 1 && (isLetter(first[1]) || first[1] == '/') {
		return true
	}
	return apacheDirectives[first]
}

// sniffLines judges a file nginx's tokenizer rejects (it may be a broken
// nginx configuration, which is worth loading to report where): no line
// may start like Apache, and most of them must look like nginx
// statements.
func sniffLinesBefore(head []byte) int {
	statements, others := 0, 0
	for _, line := range strings.Split(string(head), "\n") {
		t := strings.TrimSpace(line)
		if t == "" || t[0] == '#' {
			continue
		}
		first := t
		if i := strings.IndexAny(t, " \t"); i >= 0 {
			first = t[:i]
		}
		if apacheLikeBefore(first) {
			return 0
		}
		if i := strings.Index(t, " #"); i >= 0 {
			t = strings.TrimSpace(t[:i])
		}
		if strings.HasSuffix(t, ";") || strings.HasSuffix(t, "{") || strings.HasSuffix(t, "}") {
			statements++
		} else {
			others++
		}
	}
	if statements == 0 || statements < 2*others {
		return 0
	}
	return 1
}

func isDirectiveNameBefore(s string) bool {
	if s == "" || !(s[0] >= 'a' && s[0] <= 'z' || s[0] == '_') {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// TestSniffSameAsBefore: Sniff decides as sniffBefore on every file of
// the shared corpora, on each of them cut to a 64 KiB head, and on
// mutations of them.
func TestSniffSameAsBefore(t *testing.T) {
	sniffcheck.SameAsBefore(t, "Sniff", Sniff, sniffBefore)
}

func FuzzSniffSameAsBefore(f *testing.F) {
	f.Add("nginx.conf", []byte("events {}\nhttp { server { listen 80; } }\n"))
	f.Add("x.conf", []byte("map $a $b { default 1; }\ncontent_by_lua_block { } \"q\\\"n\" a;\n"))
	f.Add("site", []byte("<VirtualHost *:80>\nServerName a\n</VirtualHost>\n"))
	f.Add("b.conf", []byte("server {\n listen 80\n}\n\\ServerName x;"))
	f.Fuzz(func(t *testing.T, path string, head []byte) {
		if got, want := Sniff(path, head), sniffBefore(path, head); got != want {
			t.Fatalf("Sniff = %d, before %d", got, want)
		}
	})
}
