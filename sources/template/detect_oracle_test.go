package template

import (
	"reflect"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/sniffcheck"
)

// detectBefore and maskBefore are Detect and mask as they were before
// mask stopped copying files without comments and Detect learnt to pass
// over files without a placeholder's first bytes: the oracle
// TestDetectSameAsBefore and FuzzDetectSameAsBefore compare them with.

// Detect tells whether a file is a template, from its name and from
// placeholders outside its comments. It leaves out envsubst's $VAR in
// nginx files, which needs the variables the whole tree defines: see
// Envsubst.
func detectBefore(path string, data []byte, d Dialect) *Match {
	if d == HCL {
		masked, at, n := hclScan(data)
		if at >= 0 && EngineExt(path) == "" {
			m := &Match{Desc: "a Go fmt template", Token: string(data[at : at+n])}
			m.Line, m.Col = position(data, at)
			return m
		}
		return detect(path, data, masked, d)
	}
	return detect(path, data, maskBefore(data, d), d)
}

// mask returns data with the text of comments replaced by spaces
// (newlines kept), so placeholders are only seen where the server reads
// them. Template constructs are opaque: a '#' or a quote inside one
// changes nothing.
func maskBefore(data []byte, d Dialect) []byte {
	out := append([]byte(nil), data...)
	if d != Nginx {
		lineStart := true
		for i := 0; i < len(out); i++ {
			c := out[i]
			switch {
			case c == '\n':
				lineStart = true
			case lineStart && (c == ' ' || c == '\t' || c == '\r'):
			case lineStart && (c == '#' || c == ';' && d == INI):
				for ; i < len(out) && out[i] != '\n'; i++ {
					out[i] = ' '
				}
				i--
			default:
				lineStart = false
			}
		}
		return out
	}
	wordStart := true
	var quote byte
	for i := 0; i < len(out); i++ {
		c := out[i]
		if c == '{' || c == '<' {
			if n, _ := span(out, i); n > 0 {
				i += n - 1
				wordStart = false
				continue
			}
		}
		if quote != 0 {
			switch c {
			case '\\':
				i++
			case quote:
				quote = 0
			}
			continue
		}
		switch {
		case c == '\\':
			i++
			wordStart = false
		case isSpace(c) || c == ';' || c == '{' || c == '}':
			wordStart = true
		case c == '#' && wordStart:
			for ; i < len(out) && out[i] != '\n'; i++ {
				out[i] = ' '
			}
			i--
		case (c == '"' || c == '\'') && wordStart:
			quote = c
			wordStart = false
		default:
			wordStart = false
		}
	}
	return out
}

var dialects = []Dialect{Unknown, Nginx, Apache, INI, HCL}

func sameAsBefore(t *testing.T, path string, data []byte) {
	t.Helper()
	for _, d := range dialects {
		if got, want := Detect(path, data, d), detectBefore(path, data, d); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s (%q...), dialect %d: Detect = %+v, before %+v", path, data[:min(len(data), 80)], d, got, want)
		}
		if d == HCL {
			continue
		}
		if got, want := mask(data, d), maskBefore(data, d); string(got) != string(want) {
			t.Fatalf("%s, dialect %d: mask differs", path, d)
		}
	}
}

// TestDetectSameAsBefore: Detect and mask decide as before, in every
// dialect, on every file of the shared corpora and on mutations of them.
func TestDetectSameAsBefore(t *testing.T) {
	files := sniffcheck.Corpus(t, 2)
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for _, in := range append(files, sniffcheck.Mutations(files, n, sniffcheck.Names)...) {
		sameAsBefore(t, in.Path, in.Head)
	}
}

func FuzzDetectSameAsBefore(f *testing.F) {
	f.Add("site.conf", []byte("server {\n  listen {{ port }};\n  # {{ x }}\n  root %ROOT%;\n}\n"))
	f.Add("x.tmpl", []byte("location @b { return 200 \"<HTML>\"; } # <%= x %>\n[A B] !X! PH_Y #{z} {name_x}"))
	f.Add("a.conf.j2", []byte("ssl_ciphers HIGH:!aNULL:!MD5; # {% if %}\n"))
	f.Fuzz(func(t *testing.T, path string, data []byte) {
		sameAsBefore(t, path, data)
	})
}
