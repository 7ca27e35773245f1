package apache

import (
	"sort"
	"strconv"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

// Node is one directive, section or comment of a file as written.
type Node struct {
	// Name is the directive or section name as written, without the angle
	// brackets of a section ("VirtualHost", "ProxyPass").
	Name string
	Args []string
	// Line is the rest of the logical line after the name, before
	// tokenizing; ${VAR} substitution re-tokenizes it.
	Line string
	Pos  lint.Position
	// ArgPos holds the position of each argument as written.
	ArgPos []lint.Position
	// Section is true for <Name ...> ... </Name>.
	Section  bool
	Children []*Node
	// Unclosed is true when the file ended inside the section.
	Unclosed bool
	// Comment is true for a full-line comment; Name is then empty and Line
	// holds the text after '#'.
	Comment bool
}

// ParseError is a syntax error at a position.
type ParseError struct {
	Pos     lint.Position
	Message string
}

// Parse reads one file's text the way httpd's config reader does
// (server/util.c ap_cfg_getline, ap_getword_conf; server/config.c
// ap_build_config): lines ending in a backslash continue on the next line,
// a line whose first non-blank character is '#' is a comment (a '#'
// anywhere else is an argument), directive names are case-insensitive,
// sections nest and must close in the same file.
//
// Parse never fails: structural problems are returned with the nodes it
// could build, so a linter can still report what it understood.
func Parse(file string, data []byte) ([]*Node, []ParseError) {
	return parse(file, data, 0, 0)
}

// parse is Parse with a bound on section nesting (0 = none), counting base
// enclosing sections: past it the file is not read further, so a file of
// thousands of opening tags is an error rather than a deep stack.
func parse(file string, data []byte, maxDepth, base int) ([]*Node, []ParseError) {
	p := &parser{file: lint.InFile(file), maxDepth: maxDepth, base: base}
	p.run(string(data))
	return p.top, p.errs
}

const depthError = "sections nested deeper than "

type parser struct {
	file     lint.FileRef
	top      []*Node
	stack    []*Node
	errs     []ParseError
	maxDepth int
	base     int    // sections around the Include that reads this file
	words    []word // scratch of setArgs, reused for every line
	// strs and poss are the chunks setArgs takes arguments and their
	// positions from: two allocations a chunk rather than two a
	// directive.
	strs  []string
	poss  []lint.Position
	nodes []Node // the chunk node takes from
}

// segment maps an offset of a logical line back to its physical line.
type segment struct {
	off  int // offset in the logical line where this physical line starts
	line int
	col  int // 1-based column of that offset in the physical line
}

type logical struct {
	text string
	segs []segment
	end  int // last physical line
}

func (l *logical) pos(file lint.FileRef, off int) lint.Position {
	// The last segment starting at or before off (segments are sorted).
	i := sort.Search(len(l.segs), func(i int) bool { return l.segs[i].off > off }) - 1
	s := l.segs[max(i, 0)]
	return file.At(s.line, s.col+off-s.off)
}

// lines splits text into logical lines: physical lines joined where one
// ends in a backslash (the backslash removed, the next line's leading
// blanks kept, as httpd does), then trimmed. Blank lines are dropped.
func lines(text string) []logical {
	// Sized once for the physical lines, the most there can be of either.
	n := strings.Count(text, "\n") + 1
	out := make([]logical, 0, n)
	var buf []byte // the logical line being joined
	var segs []segment
	all := make([]segment, 0, n) // the segments of every line, one backing array
	lineNo, end := 0, 0
	for len(text) > 0 {
		var phys string
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			phys, text = text[:i], text[i+1:]
		} else {
			phys, text = text, ""
		}
		lineNo++
		phys = strings.TrimSuffix(phys, "\r")
		segs = append(segs, segment{off: len(buf), line: lineNo, col: 1})
		end = lineNo
		cont := strings.HasSuffix(phys, "\\")
		if cont {
			phys = phys[:len(phys)-1]
		}
		buf = append(buf, phys...)
		if cont && len(text) > 0 {
			continue
		}
		// Trim like cfg_trim_line, keeping offsets right. A line that is
		// one physical line is a part of text as it stands, not a copy.
		joined := phys
		if len(segs) > 1 {
			joined = string(buf)
		}
		lead := len(joined) - len(strings.TrimLeft(joined, " \t\f\v\r"))
		if t := strings.TrimRight(joined[lead:], " \t\f\v\r"); t != "" {
			l := logical{text: t, end: end}
			first := len(all)
			for _, s := range segs {
				s.off -= lead
				if s.off < 0 {
					s.col -= s.off
					s.off = 0
				}
				all = append(all, s)
			}
			l.segs = all[first:len(all):len(all)]
			out = append(out, l)
		}
		buf, segs = buf[:0], segs[:0]
	}
	return out
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// word is one token of a line with its offset.
type word struct {
	text string
	off  int
}

// getWord is httpd's ap_getword_conf: a word is either quoted with " or '
// (backslash escapes the quote and backslash inside) or runs to the next
// blank (where a doubled backslash is one backslash). An unterminated quote
// runs to the end of the line, as httpd accepts it.
func getWord(s string, i int) (w word, next int, ok bool) {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	if i >= len(s) {
		return word{}, i, false
	}
	start := i
	// Most words have no escape and are a substring of s as they stand;
	// buf holds a copy only once an escape makes the word differ.
	var buf []byte
	esc := false
	from := i
	var text string
	if q := s[i]; q == '"' || q == '\'' {
		i++
		from = i
		for i < len(s) && s[i] != q {
			if s[i] == '\\' && i+1 < len(s) && (s[i+1] == q || s[i+1] == '\\') {
				buf = append(append(buf, s[from:i]...), s[i+1])
				esc = true
				i += 2
				from = i
				continue
			}
			i++
		}
		text = s[from:i]
		if i < len(s) {
			i++ // closing quote
		}
	} else {
		for i < len(s) && !isSpace(s[i]) {
			if s[i] == '\\' && i+1 < len(s) && s[i+1] == '\\' {
				buf = append(buf, s[from:i+1]...)
				esc = true
				i += 2
				from = i
				continue
			}
			i++
		}
		text = s[from:i]
	}
	if esc {
		text = string(append(buf, text...))
	}
	return word{text: text, off: start}, i, true
}

// Words splits an argument string as httpd does.
func Words(s string) []string {
	var out []string
	for i := 0; ; {
		w, next, ok := getWord(s, i)
		if !ok {
			return out
		}
		out = append(out, w.text)
		i = next
	}
}

func words(s string, base int) []word {
	return appendWords(nil, s, base)
}

// appendWords is words appending to out, so that a caller can reuse one
// scratch slice for every line.
func appendWords(out []word, s string, base int) []word {
	for i := 0; ; {
		w, next, ok := getWord(s, i)
		if !ok {
			return out
		}
		w.off += base
		out = append(out, w)
		i = next
	}
}

func (p *parser) add(n *Node) {
	if len(p.stack) > 0 {
		top := p.stack[len(p.stack)-1]
		top.Children = append(top.Children, n)
		return
	}
	p.top = append(p.top, n)
}

func (p *parser) errorf(pos lint.Position, msg string) {
	p.errs = append(p.errs, ParseError{Pos: pos, Message: msg})
}

func (p *parser) run(text string) {
	ls := lines(text)
	// one node per logical line at most: one allocation for the file
	p.nodes = make([]Node, 0, len(ls))
	for _, l := range ls {
		l := l
		start := l.pos(p.file, 0)
		start.EndLine = int32(l.end)
		if l.text[0] == '#' {
			n := p.node()
			*n = Node{Comment: true, Line: strings.TrimSpace(l.text[1:]), Pos: start}
			p.add(n)
			continue
		}
		first, restAt, _ := getWord(l.text, 0)
		name := first.text
		rest := l.text[restAt:]
		switch {
		case strings.HasPrefix(name, "</"):
			p.close(name, start)
			continue
		case strings.HasPrefix(name, "<"):
			n := p.node()
			*n = Node{Section: true, Pos: start}
			if strings.HasSuffix(name, ">") && len(name) > 1 {
				n.Name = name[1 : len(name)-1]
				rest = ""
			} else {
				// "<Name" alone is read as "<Name>" (httpd supplies the
				// '>'); "<" alone opens a section named "".
				n.Name = name[1:]
				end := strings.LastIndexByte(rest, '>')
				switch {
				case end >= 0:
					rest = rest[:end]
				case strings.TrimSpace(rest) != "":
					p.errorf(start, "<"+n.Name+"> directive missing closing '>'")
				}
			}
			n.Line = rest
			p.setArgs(n, &l, restAt)
			if p.maxDepth > 0 && p.base+len(p.stack) >= p.maxDepth {
				p.errorf(start, depthError+strconv.Itoa(p.maxDepth)+" levels; the rest of the file is not read")
				for _, open := range p.stack {
					open.Pos.EndLine = start.Line
				}
				p.stack = nil
				return
			}
			p.add(n)
			p.stack = append(p.stack, n)
			continue
		}
		n := p.node()
		*n = Node{Name: name, Line: rest, Pos: start}
		p.setArgs(n, &l, restAt)
		p.add(n)
	}
	for i := len(p.stack) - 1; i >= 0; i-- {
		p.stack[i].Unclosed = true
		p.stack[i].Pos.EndLine = 0
	}
	p.stack = nil
}

// node returns a Node from the chunk run sized for the file (chunks that
// double past it, should it not be), not one allocation each.
func (p *parser) node() *Node {
	if len(p.nodes) == cap(p.nodes) {
		p.nodes = make([]Node, 0, min(1024, max(4, 2*cap(p.nodes))))
	}
	p.nodes = p.nodes[:len(p.nodes)+1]
	return &p.nodes[len(p.nodes)-1]
}

func (p *parser) setArgs(n *Node, l *logical, base int) {
	p.words = appendWords(p.words[:0], n.Line, base)
	if len(p.words) == 0 {
		return
	}
	k := len(p.words)
	if cap(p.strs)-len(p.strs) < k {
		c := max(min(1024, max(4, 2*cap(p.strs))), k)
		p.strs, p.poss = make([]string, 0, c), make([]lint.Position, 0, c)
	}
	i := len(p.strs)
	p.strs, p.poss = p.strs[:i+k], p.poss[:i+k]
	// cap-limited: an append to one node's arguments copies them rather
	// than writing over the next node's
	n.Args, n.ArgPos = p.strs[i:i+k:i+k], p.poss[i:i+k:i+k]
	for i, w := range p.words {
		n.Args[i] = w.text
		n.ArgPos[i] = l.pos(p.file, w.off)
	}
}

// close ends the innermost open section. word is the closing tag as
// written ("</VirtualHost>"). httpd ignores the rest of a closing line
// ("</VirtualHost> </IfModule>" closes only the VirtualHost).
func (p *parser) close(word string, at lint.Position) {
	hasGT := strings.HasSuffix(word, ">")
	name := strings.TrimSuffix(word[2:], ">")
	if len(p.stack) == 0 {
		if hasGT {
			p.errorf(at, "</"+name+"> without matching <"+name+"> section")
		} else {
			p.errorf(at, "</"+name+" without matching <"+name+" section")
		}
		return
	}
	top := p.stack[len(p.stack)-1]
	if !hasGT {
		p.errorf(at, "</"+name+"> directive missing closing '>'")
	} else if !strings.EqualFold(top.Name, name) {
		p.errorf(at, "Expected </"+top.Name+"> but saw </"+name+">")
	}
	// httpd stops at the first error. To report one error rather than a
	// cascade, close the sections up to the one this tag names; a tag that
	// names no open section is dropped.
	for i := len(p.stack) - 1; i >= 0; i-- {
		if strings.EqualFold(p.stack[i].Name, name) {
			for _, n := range p.stack[i:] {
				n.Pos.EndLine = at.Line
			}
			p.stack = p.stack[:i]
			return
		}
	}
}
