package fpm

import (
	"github.com/edgelint/edgelint/internal/testsupport/fuzzcheck"
	"os"
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/sources/input"
)

// FuzzParse checks that the reader never panics, keeps every position
// inside the input, and that Load and Sniff survive any file. Inputs it
// found worth keeping are seeds in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"[global]\npid = /run/php-fpm.pid\ninclude=pool.d/*.conf\n",
		"[www]\nlisten = /run/php/php8.2-fpm.sock\nlisten.owner = www-data\nlisten.mode = 0660\npm = dynamic\n",
		"[www]\nlisten = [::]:9000\nlisten.allowed_clients = 127.0.0.1, ::1 ; c\n",
		"user = www-data\nlisten = ${PHP_FPM_LISTEN}\nslowlog = '/var/log/$pool.log'\n",
		"[www] x\n[a\"]\"b]\nk[\"i]\"] = \"v\\\"\" 'w' ${E}\n",
		"php_admin_value[error_reporting] = E_ALL & ~E_NOTICE\n# x\n= 1\n",
		"[www]\ninclude=inc.conf\nlisten = \"unterminated\n",
		"\r\n[\xff]\nk=\xfe;\xfd\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lines, comments, errs := Parse("f.conf", data)
		inLine := fuzzcheck.InInput(t, data)
		for _, l := range lines {
			inLine("line "+l.Name, l.Pos)
			if l.Kind == Entry {
				inLine("value of "+l.Name, l.ValuePos)
			}
		}
		for _, c := range comments {
			inLine("comment", c.Pos)
		}
		for _, e := range errs {
			inLine("error "+e.Message, e.Pos)
		}
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "php-fpm.conf"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "inc.conf"), []byte("[inc]\nlisten = 9001\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		cfgs, lerrs := Load(filepath.Join(dir, "php-fpm.conf"), input.Options{Root: dir})
		for _, e := range lerrs {
			if e.Pos.File() == "" {
				t.Errorf("error without a file: %v", e)
			}
		}
		for _, c := range cfgs {
			for _, b := range c.Backends {
				if b.Pos.File() == "" {
					t.Errorf("backend %q without a position", b.Name)
				}
			}
		}
		Sniff("php-fpm.conf", data)
	})
}
