// Package termmd draws the Markdown of edgelint's rule pages for a
// terminal: headings, paragraphs wrapped to the width, emphasis, inline
// code, links, bullet and numbered lists, fenced and indented code blocks,
// tables, block quotes and rules. ANSI styles are used only when asked for.
//
// It is a small renderer for the constructs the rule pages use, not a
// CommonMark implementation: it links nothing with an init cost, so that
// every other command starts fast.
package termmd

import (
	"strings"
)

// blockKind is what a block is.
type blockKind int

const (
	paragraph blockKind = iota
	heading
	codeBlock
	table
	quote
	list
	rule
)

// block is one block of the page. Children hold a quote's blocks; items hold
// a list's items, each a slice of blocks.
type block struct {
	kind     blockKind
	level    int      // heading level
	text     string   // paragraph and heading text
	lines    []string // code lines
	info     string   // code info string
	rows     [][]string
	aligns   []byte // table: 'l', 'c', 'r'
	children []block
	items    [][]block
	ordered  bool
	start    int // first number of an ordered list
}

// parseBlocks splits lines into blocks.
func parseBlocks(lines []string) []block {
	var out []block
	for i := 0; i < len(lines); {
		line := lines[i]
		if isBlank(line) {
			i++
			continue
		}
		ind := indentOf(line)
		body := strings.TrimLeft(line, " ")
		switch {
		case ind >= 4:
			j := i
			var code []string
			for j < len(lines) && (isBlank(lines[j]) || indentOf(lines[j]) >= 4) {
				code = append(code, dropIndent(lines[j], 4))
				j++
			}
			for len(code) > 0 && isBlank(code[len(code)-1]) {
				code = code[:len(code)-1]
			}
			out = append(out, block{kind: codeBlock, lines: code})
			i = j
		case isFence(body):
			fence := fenceOf(body)
			info := strings.TrimSpace(body[len(fence):])
			j := i + 1
			var code []string
			for j < len(lines) {
				b := strings.TrimLeft(lines[j], " ")
				if indentOf(lines[j]) < 4 && strings.HasPrefix(b, fence) && strings.TrimSpace(strings.TrimLeft(b, fence[:1])) == "" {
					j++
					break
				}
				code = append(code, dropIndent(lines[j], ind))
				j++
			}
			out = append(out, block{kind: codeBlock, lines: code, info: info})
			i = j
		case headingLevel(body) > 0:
			lv := headingLevel(body)
			t := strings.TrimSpace(body[lv:])
			t = strings.TrimSpace(strings.TrimRight(t, "#"))
			out = append(out, block{kind: heading, level: lv, text: t})
			i++
		case isRule(body):
			out = append(out, block{kind: rule})
			i++
		case strings.HasPrefix(body, ">"):
			j := i
			var inner []string
			for j < len(lines) && !isBlank(lines[j]) {
				b := strings.TrimLeft(lines[j], " ")
				if strings.HasPrefix(b, ">") {
					b = strings.TrimPrefix(strings.TrimPrefix(b, ">"), " ")
				} else if startsBlock(b) {
					break
				}
				inner = append(inner, b)
				j++
			}
			out = append(out, block{kind: quote, children: parseBlocks(inner)})
			i = j
		case strings.HasPrefix(body, "|") && i+1 < len(lines) && isDelimiterRow(lines[i+1]):
			t := block{kind: table}
			t.rows = append(t.rows, splitRow(body))
			for _, c := range splitRow(strings.TrimSpace(lines[i+1])) {
				c = strings.TrimSpace(c)
				a := byte('l')
				switch {
				case strings.HasPrefix(c, ":") && strings.HasSuffix(c, ":") && len(c) > 1:
					a = 'c'
				case strings.HasSuffix(c, ":"):
					a = 'r'
				}
				t.aligns = append(t.aligns, a)
			}
			j := i + 2
			for j < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[j]), "|") {
				t.rows = append(t.rows, splitRow(strings.TrimSpace(lines[j])))
				j++
			}
			out = append(out, t)
			i = j
		case listMarker(body) > 0:
			b, n := parseList(lines[i:])
			out = append(out, b)
			i += n
		default:
			j := i
			var para []string
			for j < len(lines) && !isBlank(lines[j]) {
				b := strings.TrimLeft(lines[j], " ")
				if j > i && (startsBlock(b) || (strings.HasPrefix(b, "|") && j+1 < len(lines) && isDelimiterRow(lines[j+1]))) {
					break
				}
				para = append(para, strings.TrimSpace(lines[j]))
				j++
			}
			out = append(out, block{kind: paragraph, text: strings.Join(para, "\n")})
			i = j
		}
	}
	return out
}

// parseList reads one list from lines and says how many lines it took.
func parseList(lines []string) (block, int) {
	first := strings.TrimLeft(lines[0], " ")
	base := indentOf(lines[0])
	ordered := first[0] >= '0' && first[0] <= '9'
	b := block{kind: list, ordered: ordered, start: 1}
	if ordered {
		n := 0
		for _, c := range first {
			if c < '0' || c > '9' || n > 99999999 {
				break
			}
			n = n*10 + int(c-'0')
		}
		b.start = n
	}
	i := 0
	for i < len(lines) {
		line := lines[i]
		body := strings.TrimLeft(line, " ")
		ind := indentOf(line)
		m := listMarker(body)
		if m == 0 || ind > base+3 || isOrdered(body) != ordered {
			break
		}
		content := ind + m
		item := []string{body[m:]}
		i++
		blankSeen := false
		for i < len(lines) {
			l := lines[i]
			if isBlank(l) {
				blankSeen = true
				item = append(item, "")
				i++
				continue
			}
			li := indentOf(l)
			lb := strings.TrimLeft(l, " ")
			if li >= content {
				item = append(item, dropIndent(l, content))
				blankSeen = false
				i++
				continue
			}
			if blankSeen || startsBlock(lb) {
				break
			}
			// lazy continuation of the item's paragraph
			item = append(item, lb)
			i++
		}
		// blank lines at the end belong between items, not to the item
		for len(item) > 0 && isBlank(item[len(item)-1]) {
			item = item[:len(item)-1]
		}
		b.items = append(b.items, parseBlocks(item))
		if i < len(lines) && isBlank(lines[i-1]) {
			// a blank line then something that is not the next item ends the list
			nb := strings.TrimLeft(lines[i], " ")
			if listMarker(nb) == 0 || indentOf(lines[i]) > base+3 {
				break
			}
		}
	}
	for i > 0 && isBlank(lines[i-1]) {
		i--
	}
	if i == 0 {
		i = 1
	}
	return b, i
}

// startsBlock says whether a line (indentation removed) interrupts a
// paragraph.
func startsBlock(b string) bool {
	return isFence(b) || headingLevel(b) > 0 || isRule(b) || strings.HasPrefix(b, ">") || listMarker(b) > 0
}

// listMarker is the length of a list item's marker with the space after it,
// 0 when b is no list item.
func listMarker(b string) int {
	if len(b) >= 2 && (b[0] == '-' || b[0] == '*' || b[0] == '+') && b[1] == ' ' {
		return 2
	}
	n := 0
	for n < len(b) && n < 9 && b[n] >= '0' && b[n] <= '9' {
		n++
	}
	if n > 0 && n+1 < len(b) && (b[n] == '.' || b[n] == ')') && b[n+1] == ' ' {
		return n + 2
	}
	return 0
}

func isOrdered(b string) bool { return len(b) > 0 && b[0] >= '0' && b[0] <= '9' }

func isFence(b string) bool {
	return strings.HasPrefix(b, "```") || strings.HasPrefix(b, "~~~")
}

func fenceOf(b string) string {
	n := 0
	for n < len(b) && b[n] == b[0] {
		n++
	}
	return b[:n]
}

func headingLevel(b string) int {
	n := 0
	for n < len(b) && b[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || (n < len(b) && b[n] != ' ') {
		return 0
	}
	return n
}

func isRule(b string) bool {
	b = strings.ReplaceAll(strings.TrimSpace(b), " ", "")
	if len(b) < 3 {
		return false
	}
	for i := 0; i < len(b); i++ {
		if b[i] != b[0] {
			return false
		}
	}
	return b[0] == '-' || b[0] == '*' || b[0] == '_'
}

func isDelimiterRow(line string) bool {
	s := strings.TrimSpace(line)
	if !strings.HasPrefix(s, "|") && !strings.Contains(s, "|") {
		return false
	}
	dash := false
	for _, c := range s {
		switch c {
		case '-':
			dash = true
		case '|', ':', ' ':
		default:
			return false
		}
	}
	return dash
}

// splitRow splits a table row at the pipes that are neither escaped nor in
// a code span.
func splitRow(s string) []string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "|")
	if strings.HasSuffix(s, "|") && !strings.HasSuffix(s, `\|`) {
		s = s[:len(s)-1]
	}
	var cells []string
	var cur strings.Builder
	tick := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && s[i+1] == '|':
			cur.WriteByte('|')
			i++
		case c == '`':
			n := 0
			for i+n < len(s) && s[i+n] == '`' {
				n++
			}
			if tick == 0 {
				tick = n
			} else if tick == n {
				tick = 0
			}
			cur.WriteString(s[i : i+n])
			i += n - 1
		case c == '|' && tick == 0:
			cells = append(cells, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	return append(cells, strings.TrimSpace(cur.String()))
}

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

func indentOf(s string) int {
	n := 0
	for n < len(s) && s[n] == ' ' {
		n++
	}
	return n
}

// dropIndent removes up to n leading spaces.
func dropIndent(s string, n int) string {
	i := 0
	for i < n && i < len(s) && s[i] == ' ' {
		i++
	}
	return s[i:]
}
