package uwsgi

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks that the reader never panics, keeps every position
// inside the input, and that Build and Sniff survive any file.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"[uwsgi]\nsocket = /run/app.sock\nprocesses = 4\nharakiri = 30\n",
		"[uwsgi]\nhttp-socket = :8080\nsocket = [::1]:3031\nworkers = %k\n",
		"[uwsgi]\nsocket = %(base)/x.sock\nharakiri = $(H)\n[other]\nsocket = 1\n",
		"  [uwsgi] \n\tlisten=\xff\n=\n;c\n#c\nkey\n",
		"[uwsgi\nsocket = :0\nprocesses = -1\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		text := strings.Split(string(data), "\n")
		for _, l := range Parse("f.ini", data) {
			for _, p := range []struct {
				line, col int
			}{{l.Pos.Line, l.Pos.Col}, {l.ValuePos.Line, l.ValuePos.Col}} {
				if p.line < 1 || p.line > len(text) {
					t.Fatalf("%s at line %d outside the input", l.Key, p.line)
				}
				if n := utf8.RuneCountInString(text[p.line-1]); p.col < 1 || p.col > n+1 {
					t.Fatalf("%s at %d:%d outside its line of %d characters", l.Key, p.line, p.col, n)
				}
			}
		}
		c := Build("f.ini", data)
		for _, b := range c.Backends {
			if b.Pos.File == "" {
				t.Errorf("backend without a position")
			}
			for _, s := range b.Listen {
				if s.Unix == "" && (s.Port <= 0 || s.Port > 65535) {
					t.Errorf("socket %q with port %d", s.Raw, s.Port)
				}
			}
		}
		Sniff("f.ini", data)
	})
}
