package nginx

import (
	"reflect"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/sniffcheck"
	"github.com/edgelint/edgelint/lint"
)

// nextBefore is the lexer's next as it was before it read plain words
// and comments in runs: the oracle TestLexerSameAsBefore and
// FuzzLexerSameAsBefore compare the token streams with.

// next reads one token the way ngx_conf_read_token does.
func (lx *lexer) nextBefore() ([]word, tokenKind, *lint.LoadError) {
	// The word buffer is reused: callers copy what they keep before
	// asking for the next token.
	words := lx.words[:0]
	defer func() { lx.words = words[:0] }()
	var (
		needSpace   bool
		lastSpace   = true
		sharp       bool
		variable    bool
		quoted      bool
		sQuoted     bool
		dQuoted     bool
		start       int // byte offset where the current word (or comment) starts
		startLine   int
		startCol    int
		commentText int // offset after '#'
		commentLine int
		commentCol  int
		commentTrl  bool
	)
	startLine = lx.line
	for {
		if lx.pos >= len(lx.data) {
			if sharp {
				lx.addComment(commentLine, commentCol, lx.data[commentText:lx.pos], commentTrl, len(words) > 0)
			}
			if len(words) > 0 || !lastSpace {
				return nil, 0, lx.errAt(lx.line, lx.col, "unexpected end of file, expecting \";\" or \"}\"")
			}
			return nil, tokFileDone, nil
		}
		// A token still open when nginx's 4 KiB buffer is full is refused.
		if !lastSpace || sharp {
			if lx.pos-start >= nginxConfBuffer {
				switch {
				case dQuoted:
					return nil, 0, lx.errAt(startLine, startCol, "too long parameter, probably missing terminating \"\"\" character")
				case sQuoted:
					return nil, 0, lx.errAt(startLine, startCol, "too long parameter, probably missing terminating \"'\" character")
				}
				end := min(start+10, len(lx.data))
				return nil, 0, lx.errAt(startLine, startCol, "too long parameter \"%s...\" started", lx.data[start:end])
			}
		}

		ch := lx.data[lx.pos]
		chLine, chCol := lx.line, lx.col
		lx.pos++
		if ch == '\n' {
			lx.line++
			lx.col = 1
			if sharp {
				sharp = false
				lx.addComment(commentLine, commentCol, lx.data[commentText:lx.pos-1], commentTrl, len(words) > 0)
			}
		} else if ch&0xC0 != 0x80 {
			lx.col++
		}

		if sharp {
			continue
		}
		if quoted {
			quoted = false
			continue
		}

		if needSpace {
			if isSpace(ch) {
				lastSpace = true
				needSpace = false
				continue
			}
			if ch == ';' {
				lx.term(chLine, chCol)
				return words, tokStatement, nil
			}
			if ch == '{' {
				lx.term(chLine, chCol)
				return words, tokBlockStart, nil
			}
			if ch == ')' {
				lastSpace = true
				needSpace = false
			} else {
				return nil, 0, lx.errAt(chLine, chCol, "unexpected \"%c\"", ch)
			}
		}

		if lastSpace {
			start = lx.pos - 1
			startLine, startCol = chLine, chCol
			if isSpace(ch) {
				continue
			}
			switch ch {
			case ';', '{':
				if len(words) == 0 {
					return nil, 0, lx.errAt(chLine, chCol, "unexpected \"%c\"", ch)
				}
				lx.term(chLine, chCol)
				if ch == '{' {
					return words, tokBlockStart, nil
				}
				return words, tokStatement, nil
			case '}':
				if len(words) != 0 {
					return nil, 0, lx.errAt(chLine, chCol, "unexpected \"}\"")
				}
				lx.term(chLine, chCol)
				return nil, tokBlockDone, nil
			case '#':
				sharp = true
				commentText = lx.pos
				commentLine, commentCol = chLine, chCol
				commentTrl = lx.lastTokenLine == chLine
				continue
			case '\\':
				quoted = true
				lastSpace = false
				continue
			case '"':
				start++
				dQuoted = true
				lastSpace = false
				continue
			case '\'':
				start++
				sQuoted = true
				lastSpace = false
				continue
			case '$':
				variable = true
				lastSpace = false
				continue
			default:
				lastSpace = false
			}
		} else {
			if ch == '{' && variable {
				continue
			}
			variable = false
			if ch == '\\' {
				quoted = true
				continue
			}
			if ch == '$' {
				variable = true
				continue
			}
			found := false
			if dQuoted {
				if ch == '"' {
					dQuoted = false
					needSpace = true
					found = true
				}
			} else if sQuoted {
				if ch == '\'' {
					sQuoted = false
					needSpace = true
					found = true
				}
			} else if isSpace(ch) || ch == ';' || ch == '{' {
				lastSpace = true
				found = true
			}
			if found {
				w := word{line: startLine, col: startCol, quoted: needSpace}
				switch {
				case !lx.sniff:
					w.text = unescape(lx.data[start : lx.pos-1])
				case len(words) == 0:
					w.raw = lx.data[start : lx.pos-1]
				}
				words = append(words, w)
				lx.lastTokenLine = chLine
				lx.lastToken = 'w'
				if ch == ';' {
					lx.term(chLine, chCol)
					return words, tokStatement, nil
				}
				if ch == '{' {
					lx.term(chLine, chCol)
					return words, tokBlockStart, nil
				}
			}
		}
	}
}

// sameTokens lexes data with next and with nextBefore, in normal and in
// sniff mode, and fails at the first token, error or lexer state that
// differs.
func sameTokens(t *testing.T, path string, data []byte) {
	t.Helper()
	for _, sniff := range []bool{false, true} {
		a, b := newLexer(data, path), newLexer(data, path)
		a.sniff, b.sniff = sniff, sniff
		for i := 0; ; i++ {
			wa, ka, ea := a.next()
			wb, kb, eb := b.nextBefore()
			if !reflect.DeepEqual(wa, wb) || ka != kb || !reflect.DeepEqual(ea, eb) {
				t.Fatalf("%s, token %d (sniff %v): next = %v %v %v, before %v %v %v", path, i, sniff, wa, ka, ea, wb, kb, eb)
			}
			if a.pos != b.pos || a.line != b.line || a.col != b.col || a.termLine != b.termLine || a.termCol != b.termCol ||
				a.lastTokenLine != b.lastTokenLine || a.lastToken != b.lastToken || !reflect.DeepEqual(a.comments, b.comments) {
				t.Fatalf("%s, token %d (sniff %v): lexer state differs", path, i, sniff)
			}
			if ea != nil || ka == tokFileDone {
				break
			}
			if ka == tokBlockStart && len(wa) > 0 && (strings.HasSuffix(wa[0].text, "_by_lua_block") || strings.HasSuffix(string(wa[0].raw), "_by_lua_block")) {
				la, erra := a.skipLua()
				lb, errb := b.skipLua()
				if la != lb || !reflect.DeepEqual(erra, errb) || erra != nil {
					break
				}
			}
		}
	}
}

// TestLexerSameAsBefore: the lexer reads every file of the shared
// corpora, and mutations of them, token for token as before.
func TestLexerSameAsBefore(t *testing.T) {
	files := sniffcheck.Corpus(t, 2)
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for _, in := range append(files, sniffcheck.Mutations(files, n, sniffcheck.Names)...) {
		sameTokens(t, in.Path, in.Head)
	}
}

func FuzzLexerSameAsBefore(f *testing.F) {
	f.Add([]byte("events {}\nhttp { server { listen 80; # c\n location / { proxy_pass http://b; } } }\n"))
	f.Add([]byte("root \"a\\\"b\" 'c' ${x}y \\; a\\ b;\n# \u00e9t\u00e9\nk v$x{;"))
	f.Add([]byte("a \"x\"y;\nb (a) c;\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sameTokens(t, "f.conf", data)
	})
}
