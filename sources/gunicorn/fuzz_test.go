package gunicorn

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks that the reader never panics, keeps every position
// inside the input, and that Build and Sniff survive any file.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"bind = \"127.0.0.1:8000\"\nworkers = 4\ntimeout = 120\n",
		"bind = [\n  'unix:/run/g.sock',  # main\n  \"[::]:80\",\n]\nkeepalive = 2.5\n",
		"import os\nworkers = int(os.environ['W'])\nif x:\n    timeout = 5\n",
		"timeout = '30' # 'x'\nbind = \"a:b:c\"\nworker_class = \"gevent\"\n",
		"bind = [\nworkers == 3\n\xff = 1\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		text := strings.Split(string(data), "\n")
		for _, a := range Parse("gunicorn.conf.py", data) {
			for _, p := range []struct {
				line, col int
			}{{a.Pos.Line, a.Pos.Col}, {a.ValuePos.Line, a.ValuePos.Col}} {
				if p.line < 1 || p.line > len(text) {
					t.Fatalf("%s at line %d outside the input", a.Name, p.line)
				}
				if n := utf8.RuneCountInString(text[p.line-1]); p.col < 1 || p.col > n+1 {
					t.Fatalf("%s at %d:%d outside its line of %d characters", a.Name, p.line, p.col, n)
				}
			}
		}
		c := Build("gunicorn.conf.py", data)
		for _, b := range c.Backends {
			for _, s := range b.Listen {
				if s.Unix == "" && (s.Port <= 0 || s.Port > 65535) {
					t.Errorf("socket %q with port %d", s.Raw, s.Port)
				}
			}
		}
		Sniff("gunicorn.conf.py", data)
	})
}
