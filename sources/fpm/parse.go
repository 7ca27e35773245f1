package fpm

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/edgelint/edgelint/lint"
)

// Kind of a parsed line.
type Kind int

const (
	// Section is "[name]".
	Section Kind = iota + 1
	// Entry is "key = value" or "key[index] = value".
	Entry
)

// Line is one section header or entry. php-fpm hands each line of a file
// to PHP's INI parser on its own, so a line is the unit of everything:
// of values (no value spans lines), of errors, of positions.
type Line struct {
	Kind Kind
	// Pos is the '[' of a section or the first character of a key.
	Pos lint.Position
	// Name is the section name or the key, as written (quotes of a
	// section name removed).
	Name string
	// Index is the key of an array entry (php_value[memory_limit]);
	// Indexed tells "x[] = v" from "x = v".
	Index   string
	Indexed bool
	// Value is the value as PHP's INI parser gives it, as far as the lint
	// can know it: quotes removed, "yes"/"on"/"true" as "1" and
	// "no"/"off"/"false"/"none"/"null" as "", comments cut. An
	// environment variable (${NAME}) stays as written (see Env).
	Value    string
	ValuePos lint.Position
	// Env is true when the value holds ${NAME}: php-fpm puts the
	// variable's value there when it starts, unknown to the lint.
	Env bool
	// Expr is true when the value is an INI expression (an operator
	// outside quotes: a|b, ~a, !a) or a bare constant, which PHP computes.
	Expr bool
}

// Comment is a ';' comment, on its own line or after an entry.
type Comment struct {
	Pos      lint.Position
	Text     string // without the ';'s, trimmed
	Trailing bool
}

// Parse reads one file: its sections, entries and comments, and the syntax
// errors PHP's INI parser would report (php-fpm then refuses the file).
// An erroneous line yields no Line.
func Parse(file string, data []byte) ([]*Line, []Comment, []lint.LoadError) {
	p := &parser{file: file}
	n := 0
	for len(data) > 0 {
		n++
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		p.line(n, bytes.TrimRight(line, "\r"))
	}
	return p.lines, p.comments, p.errs
}

type parser struct {
	file     string
	lines    []*Line
	comments []Comment
	errs     []lint.LoadError
	// text and n are the line being parsed and its number.
	text []byte
	n    int
}

func (p *parser) pos(i int) lint.Position {
	return lint.At(p.file, p.n, 1+utf8.RuneCount(p.text[:i]))
}

func (p *parser) errorf(i int, format string, args ...any) {
	p.errs = append(p.errs, lint.Errorf(p.pos(i), format, args...))
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

func (p *parser) skip(i int) int {
	for i < len(p.text) && isBlank(p.text[i]) {
		i++
	}
	return i
}

func (p *parser) line(n int, text []byte) {
	p.text, p.n = text, n
	p.statement(p.skip(0))
}

// statement parses from i: a comment, a section or an entry.
func (p *parser) statement(i int) {
	t := p.text
	switch {
	case i >= len(t):
	case t[i] == ';':
		p.comment(i, false)
	case t[i] == '[':
		p.section(i)
	case t[i] == '=':
		p.errorf(i, "syntax error, unexpected '='")
	default:
		p.entry(i)
	}
}

func (p *parser) comment(i int, trailing bool) {
	text := strings.TrimSpace(strings.TrimLeft(string(p.text[i:]), ";"))
	p.comments = append(p.comments, Comment{Pos: p.pos(i), Text: text, Trailing: trailing})
}

func (p *parser) section(i int) {
	start := i
	name, end, ok := p.until(i+1, ']')
	if !ok {
		p.errorf(end, "syntax error, unexpected end of file, expecting ']'")
		return
	}
	p.lines = append(p.lines, &Line{Kind: Section, Pos: p.pos(start), Name: name})
	// Whatever follows the ']' on the line is parsed as a line of its own.
	p.statement(p.skip(end + 1))
}

// until reads from i to the byte stop outside quotes, decoding quoted
// parts; it returns the text, where it stopped and whether stop was
// found.
func (p *parser) until(i int, stop byte) (string, int, bool) {
	var b strings.Builder
	t := p.text
	for i < len(t) {
		switch c := t[i]; c {
		case stop:
			return b.String(), i, true
		case '"', '\'':
			s, end, ok := p.quoted(i)
			if !ok {
				return b.String(), end, false
			}
			b.WriteString(s)
			i = end
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), i, false
}

// quoted reads a quoted string at i: its content, the index after the
// closing quote, and whether there is one. Double quotes take \" \\ \$
// as escapes and keep other backslashes; single quotes are raw.
func (p *parser) quoted(i int) (string, int, bool) {
	t := p.text
	q := t[i]
	var b strings.Builder
	for j := i + 1; j < len(t); j++ {
		c := t[j]
		switch {
		case c == q:
			return b.String(), j + 1, true
		case q == '"' && c == '\\' && j+1 < len(t) && strings.IndexByte(`"\$`, t[j+1]) >= 0:
			b.WriteByte(t[j+1])
			j++
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), len(t), false
}

func (p *parser) entry(i int) {
	t := p.text
	start := i
	for i < len(t) && t[i] != '=' && t[i] != '[' && t[i] != ';' {
		i++
	}
	l := &Line{Kind: Entry, Pos: p.pos(start), Name: strings.TrimRight(string(t[start:i]), " \t")}
	if i < len(t) && t[i] == '[' {
		idx, end, ok := p.until(i+1, ']')
		if !ok {
			p.errorf(end, "syntax error, unexpected end of file, expecting ']'")
			return
		}
		l.Index, l.Indexed = strings.TrimSpace(idx), true
		i = p.skip(end + 1)
	}
	if i >= len(t) || t[i] != '=' {
		// PHP's parser hands php-fpm a key without a value.
		p.errorf(start, "entry '%s' has no value (php-fpm: value is NULL for a ZEND_INI_PARSER_ENTRY)", l.Name)
		if i < len(t) && t[i] == ';' {
			p.comment(i, true)
		}
		return
	}
	if !p.value(l, p.skip(i+1)) {
		return
	}
	p.lines = append(p.lines, l)
}

// value parses the value at i into l; false after a syntax error.
func (p *parser) value(l *Line, i int) bool {
	t := p.text
	l.ValuePos = p.pos(i)
	var (
		b       strings.Builder
		raw     strings.Builder // the unquoted part being read
		quoted  bool
		rawOnly = true
	)
	flush := func() {
		b.WriteString(strings.TrimSpace(raw.String()))
		raw.Reset()
	}
	for i < len(t) {
		c := t[i]
		switch {
		case c == ';':
			p.comment(i, true)
			i = len(t)
			continue
		case c == '"' || c == '\'':
			s, end, ok := p.quoted(i)
			if !ok {
				if c == '"' {
					p.errorf(end, "syntax error, unexpected end of file, expecting TC_DOLLAR_CURLY or TC_QUOTED_STRING or '\"'")
				} else {
					p.errorf(end, "syntax error, unexpected end of file")
				}
				return false
			}
			flush()
			if c == '"' && strings.Contains(s, "${") {
				l.Env = true
			}
			b.WriteString(s)
			quoted, rawOnly = true, false
			i = end
			continue
		case c == '$' && i+1 < len(t) && t[i+1] == '{':
			end := bytes.IndexByte(t[i:], '}')
			if end < 0 {
				p.errorf(len(t), "syntax error, unexpected end of file, expecting '}'")
				return false
			}
			l.Env = true
			raw.Write(t[i : i+end+1])
			i += end + 1
			rawOnly = false
			continue
		case c == '=':
			p.errorf(i, "syntax error, unexpected '='")
			return false
		case strings.IndexByte("|&~!^()", c) >= 0:
			l.Expr = true
		}
		raw.WriteByte(c)
		i++
	}
	flush()
	l.Value = b.String()
	if rawOnly && !quoted {
		switch strings.ToLower(l.Value) {
		case "yes", "on", "true":
			l.Value = "1"
		case "no", "off", "false", "none", "null":
			l.Value = ""
		default:
			if constant(l.Value) {
				l.Expr = true
			}
		}
	}
	return true
}

// constant reports a bare word PHP may read as a constant (E_ALL,
// PHP_INT_MAX): upper case with an underscore, the shape of PHP's
// predefined constants.
func constant(s string) bool {
	if !strings.Contains(s, "_") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c == '_' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
