package termmd

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/mattn/go-runewidth"
)

// Options say how to draw a page.
type Options struct {
	// Width is the terminal's width in columns; 0 or less means 80.
	Width int
	// Color turns on ANSI styles (bold, underline, colours, dim).
	Color bool
}

// margin is the left margin of the page, in columns.
const margin = 2

// minContent is the narrowest text column drawn, whatever the width.
const minContent = 20

// widthCond measures cells with East Asian ambiguous characters as narrow,
// whatever the locale, so output does not depend on the environment.
var widthCond = &runewidth.Condition{StrictEmojiNeutral: true}

// Width is the number of terminal columns s takes (no escape sequences).
func Width(s string) int { return widthCond.StringWidth(s) }

// Render draws Markdown for a terminal. The result ends with a newline.
func Render(md string, o Options) string {
	width := o.Width
	if width <= 0 {
		width = 80
	}
	content := max(width-2*margin, minContent)
	r := renderer{color: o.Color}
	lines := r.blocks(parseBlocks(strings.Split(clean(md), "\n")), content)
	var b strings.Builder
	for _, l := range lines {
		if l != "" {
			b.WriteString(strings.Repeat(" ", margin))
			b.WriteString(l)
		}
		b.WriteByte('\n')
	}
	if b.Len() == 0 {
		return "\n"
	}
	return b.String()
}

// clean drops carriage returns and control characters (a page must not
// drive the terminal) and expands tabs.
func clean(s string) string {
	var b strings.Builder
	col := 0
	for _, c := range s {
		switch {
		case c == '\n':
			b.WriteByte('\n')
			col = 0
		case c == '\t':
			n := 4 - col%4
			b.WriteString(strings.Repeat(" ", n))
			col += n
		case c == unicode.ReplacementChar || unicode.IsControl(c) || c == '\u2028' || c == '\u2029':
			if c == unicode.ReplacementChar {
				b.WriteRune(c)
				col++
			}
		default:
			b.WriteRune(c)
			col++
		}
	}
	return b.String()
}

type renderer struct {
	color bool
}

// paint wraps text in the ANSI sequence for st when colour is on.
func (r renderer) paint(text string, st style) string {
	if !r.color || st == 0 || text == "" {
		return text
	}
	var codes []string
	if st&(bold|heading1|heading2) != 0 {
		codes = append(codes, "1")
	}
	if st&dim != 0 {
		codes = append(codes, "2")
	}
	if st&italic != 0 {
		codes = append(codes, "3")
	}
	if st&(underline|heading1|linkStyle) != 0 {
		codes = append(codes, "4")
	}
	switch {
	case st&heading1 != 0:
		codes = append(codes, "35")
	case st&heading2 != 0:
		codes = append(codes, "36")
	case st&linkStyle != 0:
		codes = append(codes, "34")
	case st&codeStyle != 0:
		codes = append(codes, "33")
	}
	if len(codes) == 0 {
		return text
	}
	return "\x1b[" + strings.Join(codes, ";") + "m" + text + "\x1b[0m"
}

// blocks draws blocks into lines of at most width columns (a word or a code
// line longer than that overflows rather than being broken), with one blank
// line between blocks.
func (r renderer) blocks(bs []block, width int) []string {
	var out []string
	for i, b := range bs {
		if i > 0 {
			out = append(out, "")
		}
		out = append(out, r.block(b, width)...)
	}
	return out
}

func (r renderer) block(b block, width int) []string {
	switch b.kind {
	case heading:
		st := bold
		switch b.level {
		case 1:
			st |= heading1
		case 2:
			st |= heading2
		}
		lines := r.wrap(parseInline(b.text, st), width)
		if !r.color && b.level <= 2 {
			w := 0
			for _, l := range lines {
				w = max(w, Width(l))
			}
			ch := "─"
			if b.level == 1 {
				ch = "═"
			}
			lines = append(lines, strings.Repeat(ch, min(w, width)))
		}
		return lines
	case codeBlock:
		var out []string
		if f := fileOf(b.info); f != "" {
			out = append(out, r.paint(f+":", dim|bold))
		}
		for _, l := range b.lines {
			l = strings.TrimRight(l, " ")
			if l == "" {
				out = append(out, "")
				continue
			}
			out = append(out, "    "+r.paint(l, dim))
		}
		if len(out) == 0 {
			out = append(out, "")
		}
		return out
	case table:
		return r.table(b, width)
	case quote:
		bar := r.paint("│", dim)
		var out []string
		for _, l := range r.blocks(b.children, max(width-2, minContent/2)) {
			if l == "" {
				out = append(out, bar)
			} else {
				out = append(out, bar+" "+l)
			}
		}
		return out
	case list:
		return r.list(b, width)
	case rule:
		return []string{r.paint(strings.Repeat("─", min(width, 40)), dim)}
	default:
		return r.wrap(parseInline(b.text, 0), width)
	}
}

// fileOf is the file= attribute of a code block's info string.
func fileOf(info string) string {
	for _, f := range strings.Fields(info) {
		if v, ok := strings.CutPrefix(f, "file="); ok {
			return strings.Trim(v, `"'`)
		}
	}
	return ""
}

func (r renderer) list(b block, width int) []string {
	markers := make([]string, len(b.items))
	mw := 0
	for i := range b.items {
		if b.ordered {
			markers[i] = strconv.Itoa(b.start+i) + "."
		} else {
			markers[i] = "•"
		}
		mw = max(mw, Width(markers[i]))
	}
	mw++ // the space after the marker
	loose := false
	for _, it := range b.items {
		if len(it) > 1 && it[1].kind != list {
			loose = true
		}
	}
	var out []string
	for i, it := range b.items {
		if i > 0 && loose {
			out = append(out, "")
		}
		var lines []string
		if loose {
			lines = r.blocks(it, max(width-mw, minContent/2))
		} else {
			// a tight item: its paragraph and nested list without a gap
			for _, b := range it {
				lines = append(lines, r.block(b, max(width-mw, minContent/2))...)
			}
		}
		if len(lines) == 0 {
			lines = []string{""}
		}
		for j, l := range lines {
			switch {
			case j == 0:
				m := markers[i]
				if b.ordered {
					m = strings.Repeat(" ", mw-1-Width(m)) + m
				}
				out = append(out, strings.TrimRight(r.paint(m, dim)+" "+l, " "))
			case l == "":
				out = append(out, "")
			default:
				out = append(out, strings.Repeat(" ", mw)+l)
			}
		}
	}
	return out
}

func (r renderer) table(b block, width int) []string {
	ncol := 0
	for _, row := range b.rows {
		ncol = max(ncol, len(row))
	}
	header := true
	for _, c := range b.rows[0] {
		if c != "" {
			header = false
		}
	}
	rows := b.rows
	headed := !header
	if header {
		rows = rows[1:]
	}
	if len(rows) == 0 || ncol == 0 {
		return []string{""}
	}
	cells := make([][][]span, len(rows))
	natural := make([]int, ncol)
	for i, row := range rows {
		cells[i] = make([][]span, ncol)
		for j := 0; j < ncol; j++ {
			st := style(0)
			if headed && i == 0 {
				st = bold
			}
			if j < len(row) {
				cells[i][j] = parseInline(row[j], st)
			}
			natural[j] = max(natural[j], spansWidth(cells[i][j]))
		}
	}
	sep := " │ "
	avail := width - Width(sep)*(ncol-1)
	colw := fitColumns(natural, avail)
	// wrap each cell; a word wider than its column widens the column
	wrapped := make([][][]string, len(rows))
	for i := range rows {
		wrapped[i] = make([][]string, ncol)
		for j := 0; j < ncol; j++ {
			wrapped[i][j] = r.wrap(cells[i][j], max(colw[j], 1))
			for _, l := range wrapped[i][j] {
				colw[j] = max(colw[j], visibleWidth(l))
			}
		}
	}
	// rows that wrap get a rule between them, or they run together
	ruled := false
	for i := range rows {
		for j := range wrapped[i] {
			ruled = ruled || len(wrapped[i][j]) > 1
		}
	}
	sepLine := func() string {
		var line strings.Builder
		for j := 0; j < ncol; j++ {
			if j > 0 {
				line.WriteString("─┼─")
			}
			line.WriteString(strings.Repeat("─", colw[j]))
		}
		return r.paint(line.String(), dim)
	}
	var out []string
	for i := range rows {
		if ruled && i > 0 && !(headed && i == 1) {
			out = append(out, sepLine())
		}
		h := 1
		for j := 0; j < ncol; j++ {
			h = max(h, len(wrapped[i][j]))
		}
		for k := 0; k < h; k++ {
			var line strings.Builder
			for j := 0; j < ncol; j++ {
				if j > 0 {
					line.WriteString(r.paint(sep, dim))
				}
				l := ""
				if k < len(wrapped[i][j]) {
					l = wrapped[i][j][k]
				}
				pad := colw[j] - visibleWidth(l)
				a := byte('l')
				if j < len(b.aligns) {
					a = b.aligns[j]
				}
				switch a {
				case 'r':
					line.WriteString(strings.Repeat(" ", pad) + l)
				case 'c':
					line.WriteString(strings.Repeat(" ", pad/2) + l + strings.Repeat(" ", pad-pad/2))
				default:
					line.WriteString(l + strings.Repeat(" ", pad))
				}
			}
			out = append(out, strings.TrimRight(line.String(), " "))
		}
		if headed && i == 0 {
			out = append(out, sepLine())
		}
	}
	return out
}

// fitColumns shares avail columns among columns wanting natural widths:
// narrow columns keep their width, the wide ones share the rest.
func fitColumns(natural []int, avail int) []int {
	w := make([]int, len(natural))
	total := 0
	for _, n := range natural {
		total += n
	}
	if total <= avail {
		copy(w, natural)
		return w
	}
	left := len(natural)
	rest := avail
	done := make([]bool, len(natural))
	for left > 0 {
		share := max(rest/left, 6)
		changed := false
		for j, n := range natural {
			if !done[j] && n <= share {
				w[j], done[j] = n, true
				rest -= n
				left--
				changed = true
			}
		}
		if !changed {
			for j := range natural {
				if !done[j] {
					w[j] = share
				}
			}
			break
		}
	}
	return w
}

func spansWidth(sp []span) int {
	w := 0
	for _, s := range sp {
		w += Width(s.text)
	}
	return w
}

// visibleWidth is the width of a line without its escape sequences.
func visibleWidth(s string) int {
	if !strings.Contains(s, "\x1b[") {
		return Width(s)
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && s[j] != 'm' {
				j++
			}
			i = j
			continue
		}
		b.WriteByte(s[i])
	}
	return Width(b.String())
}

// piece is part of a word in one style.
type piece struct {
	text string
	st   style
}

// wrap fills spans into lines of at most width columns, breaking only at
// spaces outside nobreak spans; a nobreak span wider than the line may
// break at its spaces. A word wider than the line stands alone on its line.
func (r renderer) wrap(sp []span, width int) []string {
	var words [][]piece
	var cur []piece
	endWord := func() {
		if len(cur) > 0 {
			words = append(words, cur)
			cur = nil
		}
	}
	for _, s := range sp {
		if s.st&codeStyle != 0 && !r.color {
			s.text = "`" + s.text + "`" // without colour the ticks tell code from prose
		}
		breakable := !s.nobreak || Width(s.text) > width
		if !breakable {
			cur = append(cur, piece{s.text, s.st})
			continue
		}
		for k, f := range strings.Split(s.text, " ") {
			if k > 0 {
				endWord()
			}
			if f != "" {
				cur = append(cur, piece{f, s.st})
			}
		}
	}
	endWord()
	var lines []string
	var line []piece
	lw := 0
	flush := func() {
		var b strings.Builder
		for i := 0; i < len(line); {
			j, text := i+1, line[i].text
			for j < len(line) && line[j].st == line[i].st {
				text += line[j].text
				j++
			}
			b.WriteString(r.paint(text, line[i].st))
			i = j
		}
		lines = append(lines, b.String())
		line, lw = nil, 0
	}
	for _, w := range words {
		ww := 0
		for _, p := range w {
			ww += Width(p.text)
		}
		if lw > 0 && lw+1+ww > width {
			flush()
		}
		if lw > 0 {
			// the space takes the style both sides share
			sp := line[len(line)-1].st & w[0].st
			line = append(line, piece{" ", sp})
			lw++
		}
		line = append(line, w...)
		lw += ww
	}
	if lw > 0 || len(lines) == 0 {
		flush()
	}
	return lines
}
