package fpm

import (
	"bytes"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/sniffcheck"
)

// sniffBefore is Sniff as it was before it learnt to reject other files
// cheaply: the oracle TestSniffSameAsBefore and FuzzSniffSameAsBefore
// compare it with.

// Sniff tells a PHP-FPM file from its name and first bytes: 2 for a main
// configuration (see Main), 1 for a pool file, 0 for anything else. An
// FPM file is INI — "[section]" and "key = value" lines — whose keys are
// php-fpm's own: php.ini, a uWSGI ini or a systemd unit share the syntax
// but few keys, and nginx or Apache directives are not "key = value" at
// all.
func sniffBefore(path string, head []byte) int {
	var fpm, pool, otherKeys, other, sections int
	include := false
	for len(head) > 0 {
		line := head
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			line, head = head[:i], head[i+1:]
		} else {
			head = nil
		}
		t := strings.TrimSpace(string(line))
		if t == "" || t[0] == ';' || t[0] == '#' {
			continue
		}
		if t[0] == '[' {
			if end := strings.IndexByte(t, ']'); end > 1 && !strings.ContainsAny(t[1:end], "[=") {
				sections++
				continue
			}
		}
		key, _, ok := strings.Cut(t, "=")
		key = strings.TrimSpace(key)
		if !ok || key == "" || strings.ContainsAny(key, " \t{};<>") && !strings.Contains(key, "[") {
			other++
			continue
		}
		name := key
		if i := strings.IndexByte(key, '['); i > 0 && strings.HasSuffix(key, "]") {
			if !arrayOptions[key[:i]] {
				otherKeys++
				continue
			}
			fpm++
			pool++
			continue
		}
		name = strings.ToLower(name)
		_, g := globalOptions[name]
		_, p := poolOptions[name]
		switch {
		case name == "include":
			include = true
			fpm++
		case p:
			fpm++
			if poolMarks[name] {
				pool++
			}
		case g:
			fpm++
		default:
			otherKeys++
		}
	}
	if fpm < 2 || otherKeys*3 > fpm || other*4 > fpm {
		return 0
	}
	if sections == 0 && pool < 2 {
		// Without a section, a file is only a pool file when it is full
		// of pool settings (a file that continues the including pool).
		return 0
	}
	if include || Main(path, nil) && sections > 0 {
		return 2
	}
	return 1
}

// TestSniffSameAsBefore: Sniff decides as sniffBefore on every file of the
// shared corpora and on mutations of them.
func TestSniffSameAsBefore(t *testing.T) {
	sniffcheck.SameAsBefore(t, "Sniff", Sniff, sniffBefore)
}

func FuzzSniffSameAsBefore(f *testing.F) {
	f.Add("www.conf", []byte("[www]\nlisten = 9000\npm = dynamic\npm.max_children = 5\nphp_value[x] = 1\n"))
	f.Add("php-fpm.conf", []byte("[global]\ninclude=/etc/php/fpm/pool.d/*.conf\nerror_log = x\n"))
	f.Add("site", []byte("server {\n listen 80;\n location = / { }\n}\n"))
	f.Fuzz(func(t *testing.T, path string, head []byte) {
		if got, want := Sniff(path, head), sniffBefore(path, head); got != want {
			t.Fatalf("Sniff = %d, before %d", got, want)
		}
	})
}
