package apache

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/sniffcheck"
)

// sniffBefore and sectionBefore are Sniff as it was before it stopped
// allocating: the oracle TestSniffSameAsBefore and FuzzSniffSameAsBefore
// compare the cheaper Sniff with.

// section returns the name of the <Tag or </Tag a line starts with.
func sectionBefore(line string) string {
	name := strings.TrimPrefix(line[1:], "/")
	end := strings.IndexFunc(name, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') })
	if end >= 0 {
		name = name[:end]
	}
	return strings.ToLower(name)
}

// Sniff tells an Apache file from its name and first bytes: 2 for a main
// configuration (apache2.conf or httpd.conf with ServerRoot, LoadModule or
// Include lines), 1 for a fragment (a site file with <VirtualHost>, a
// snippet of Apache directives, an .htaccess), 0 for anything else (nginx's
// `;`/`{` syntax, JSON, an HTML page whose tags are no httpd section).
func sniffBefore(path string, head []byte) int {
	t := bytes.TrimLeft(head, " \t\r\n\ufeff")
	if len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		return 0
	}
	var apache, nginx, html int
	for _, line := range strings.Split(string(head), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		if strings.HasSuffix(line, ";") || strings.HasSuffix(line, "{") || line == "}" {
			nginx++
			continue
		}
		if line[0] == '<' && len(line) > 1 && (line[1] == '/' || isLetter(line[1])) {
			if sections[sectionBefore(line)] {
				apache++
			} else {
				html++ // <html>, <div>: a page, not a section
			}
			continue
		}
		if strings.HasPrefix(line, "<!") {
			html++ // <!DOCTYPE html>, <!-- -->
			continue
		}
		first := line
		if i := strings.IndexAny(line, " \t"); i >= 0 {
			first = line[:i]
		}
		if apacheWords[strings.ToLower(first)] {
			apache++
		}
	}
	base := strings.ToLower(filepath.Base(path))
	if base == ".htaccess" && nginx == 0 {
		return 1 // only Apache reads these, whatever directives they hold
	}
	if apache == 0 || nginx >= apache || html >= apache {
		return 0
	}
	if (base == "apache2.conf" || base == "httpd.conf") && mainWords().Match(head) {
		return 2
	}
	return 1
}

// TestSniffSameAsBefore: Sniff decides as sniffBefore on every file of
// the shared corpora and on mutations of them.
func TestSniffSameAsBefore(t *testing.T) {
	sniffcheck.SameAsBefore(t, "Sniff", Sniff, sniffBefore)
}

func FuzzSniffSameAsBefore(f *testing.F) {
	f.Add("apache2.conf", []byte("ServerRoot /etc/apache2\nInclude ports.conf\n<VirtualHost *:80>\n</VirtualHost>\n"))
	f.Add(".htaccess", []byte("RewriteEngine On\n<IfModule x>\n"))
	f.Add("site", []byte("server {\n listen 80;\n}\n<div>\n\u212aeepAlive On\n"))
	f.Fuzz(func(t *testing.T, path string, head []byte) {
		if got, want := Sniff(path, head), sniffBefore(path, head); got != want {
			t.Fatalf("Sniff = %d, before %d", got, want)
		}
	})
}
