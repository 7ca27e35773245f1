package termmd

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// style is a set of text attributes.
type style uint8

const (
	bold style = 1 << iota
	italic
	underline
	dim
	codeStyle
	linkStyle
	heading1
	heading2
)

// reach bounds how far a delimiter looks for its closer (bytes): emphasis,
// a code span or a link longer than that is not one. It keeps the work
// linear in the paragraph whatever the input.
const reach = 2048

// span is a run of text in one style. Spaces in a nobreak span are not
// places to wrap (a code span, a URL).
type span struct {
	text    string
	st      style
	nobreak bool
}

// parseInline turns a paragraph's text into spans. Soft line breaks become
// spaces.
func parseInline(s string, st style) []span {
	var out []span
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			out = append(out, span{text: lit.String(), st: st})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\n':
			lit.WriteByte(' ')
			i++
		case c == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]):
			lit.WriteByte(s[i+1])
			i += 2
		case c == '`':
			n := run(s, i, '`')
			end := closingTicks(s, i+n, n)
			if end < 0 {
				lit.WriteString(s[i : i+n])
				i += n
				continue
			}
			flush()
			body := strings.ReplaceAll(s[i+n:end], "\n", " ")
			if len(body) > 1 && body[0] == ' ' && body[len(body)-1] == ' ' && strings.TrimSpace(body) != "" {
				body = body[1 : len(body)-1]
			}
			out = append(out, span{text: body, st: st | codeStyle, nobreak: true})
			i = end + n
		case c == '[':
			text, url, n := parseLink(s[i:])
			if n == 0 {
				lit.WriteByte(c)
				i++
				continue
			}
			flush()
			out = append(out, parseInline(text, st|linkStyle)...)
			if url != "" && url != text && "mailto:"+text != url {
				out = append(out, span{text: " ", st: st &^ linkStyle}, span{text: "(" + url + ")", st: st&^linkStyle | dim, nobreak: true})
			}
			i += n
		case c == '<':
			end := strings.IndexByte(s[i:], '>')
			u := ""
			if end > 0 {
				u = s[i+1 : i+end]
			}
			if u == "" || strings.ContainsAny(u, " \n<") || !(strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "mailto:")) {
				lit.WriteByte(c)
				i++
				continue
			}
			flush()
			out = append(out, span{text: u, st: st | linkStyle, nobreak: true})
			i += end + 1
		case c == '*' || c == '_':
			n := run(s, i, c)
			k := min(n, 2)
			if opens(s, i, n, c) {
				if end := closingDelim(s, i+n, c, k); end >= 0 {
					flush()
					inner := s[i+k : end]
					if k == 2 {
						out = append(out, parseInline(inner, st|bold)...)
					} else {
						out = append(out, parseInline(inner, st|italic)...)
					}
					i = end + k
					continue
				}
			}
			lit.WriteString(s[i : i+n])
			i += n
		default:
			lit.WriteByte(c)
			i++
		}
	}
	flush()
	return out
}

// run is the length of the run of c at s[i].
func run(s string, i int, c byte) int {
	n := 0
	for i+n < len(s) && s[i+n] == c {
		n++
	}
	return n
}

// closingTicks finds a run of exactly n backticks from i, -1 if none.
func closingTicks(s string, i, n int) int {
	s = s[:min(len(s), i+reach)]
	for i < len(s) {
		j := strings.IndexByte(s[i:], '`')
		if j < 0 {
			return -1
		}
		j += i
		m := run(s, j, '`')
		if m == n {
			return j
		}
		i = j + m
	}
	return -1
}

// parseLink reads [text](url) at the start of s: the text, the URL and the
// bytes taken, 0 when s starts no link.
func parseLink(s string) (text, url string, n int) {
	s = s[:min(len(s), reach)]
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '`':
			m := run(s, i, '`')
			if end := closingTicks(s, i+m, m); end >= 0 {
				i = end + m - 1
			} else {
				i += m - 1
			}
		case '[':
			depth++
		case ']':
			depth--
			if depth > 0 {
				continue
			}
			if i+1 >= len(s) || s[i+1] != '(' {
				return "", "", 0
			}
			text = s[1:i]
			pd := 0
			for j := i + 2; j < len(s); j++ {
				switch s[j] {
				case '(':
					pd++
				case ')':
					if pd > 0 {
						pd--
						continue
					}
					dest := strings.TrimSpace(s[i+2 : j])
					if k := strings.IndexAny(dest, " \n"); k >= 0 {
						dest = dest[:k] // a title follows
					}
					dest = strings.TrimSuffix(strings.TrimPrefix(dest, "<"), ">")
					return text, dest, j + 1
				}
			}
			return "", "", 0
		}
	}
	return "", "", 0
}

// opens says whether the run of n delimiters c at s[i] can open emphasis:
// not followed by white space, and for _ not inside a word.
func opens(s string, i, n int, c byte) bool {
	next, _ := utf8.DecodeRuneInString(s[i+n:])
	if i+n >= len(s) || unicode.IsSpace(next) {
		return false
	}
	if c == '_' && i > 0 {
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		if unicode.IsLetter(prev) || unicode.IsDigit(prev) {
			return false
		}
	}
	return true
}

// closingDelim finds from i a run of k delimiters c that can close: not
// after white space, not followed by more of c when k is 1, and for _ not
// inside a word. It skips code spans. -1 if none.
func closingDelim(s string, i int, c byte, k int) int {
	s = s[:min(len(s), i+reach)]
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
			continue
		case '`':
			m := run(s, j, '`')
			if end := closingTicks(s, j+m, m); end >= 0 {
				j = end + m - 1
			} else {
				j += m - 1
			}
			continue
		case ']':
			// a link's destination is no text: skip it (a URL with _ or *)
			if j+1 < len(s) && s[j+1] == '(' {
				if k := destEnd(s, j+2); k > 0 {
					j = k
				}
				continue
			}
		}
		if s[j] != c {
			continue
		}
		m := run(s, j, c)
		prev, _ := utf8.DecodeLastRuneInString(s[:j])
		ok := j > i && !unicode.IsSpace(prev) && (m == k || (k == 2 && m == 3))
		if ok && c == '_' && j+m < len(s) {
			next, _ := utf8.DecodeRuneInString(s[j+m:])
			ok = !unicode.IsLetter(next) && !unicode.IsDigit(next)
		}
		if ok {
			if k == 2 && m == 3 {
				return j + 1
			}
			return j
		}
		j += m - 1
	}
	return -1
}

// destEnd is the index of the ')' that closes a link destination starting
// at s[i] (nested parentheses allowed, no white space), 0 if none.
func destEnd(s string, i int) int {
	depth := 0
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '(':
			depth++
		case ')':
			if depth == 0 {
				return j
			}
			depth--
		case ' ', '\n':
			return 0
		}
	}
	return 0
}

func isASCIIPunct(c byte) bool {
	return c < 0x80 && unicode.IsPunct(rune(c)) || strings.IndexByte("$+<=>^`|~", c) >= 0
}
