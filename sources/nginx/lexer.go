package nginx

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"unsafe"

	"github.com/edgelint/edgelint/lint"
)

// The lexer is a transcription of nginx's ngx_conf_read_token
// (src/core/ngx_conf_file.c) plus the block handling of ngx_conf_parse, so
// that what nginx accepts we accept and what it rejects we reject with the
// same message, on the same line. On top of nginx it records where each
// word starts (line and column) so findings can point at the first
// character of a directive rather than at its terminating ';' or '}'.

// nginxConfBuffer is NGX_CONF_BUFFER: a single token (word or comment)
// that fills nginx's 4 KiB read buffer is rejected as "too long parameter".
const nginxConfBuffer = 4096

type tokenKind int

const (
	tokStatement  tokenKind = iota // words terminated by ';'
	tokBlockStart                  // words terminated by '{'
	tokBlockDone                   // '}'
	tokFileDone                    // end of file
)

type word struct {
	text      string
	line, col int
	quoted    bool
	// raw is the first word of a statement as written (escapes and
	// all), in place of text, when the lexer only sniffs.
	raw []byte
}

// rawComment is a comment as the lexer saw it.
type rawComment struct {
	line, col int
	text      string // without the '#', trimmed
	// trailing: a token of a statement stood before it on the same line.
	trailing bool
	// inStatement: between the words of an unfinished statement.
	inStatement bool
	// after is the last token before a trailing comment: ';', '{', '}'
	// or 'w' for a word.
	after byte
}

type lexer struct {
	data      []byte
	file      string // display path, for errors
	pos       int
	line, col int // position of data[pos]
	// lastTokenLine is the line of the last statement token (word, ';',
	// '{', '}'); a comment on that line is trailing.
	lastTokenLine int
	lastToken     byte
	maxDepth      int
	words         []word
	comments      []rawComment
	// termLine/termCol: position of the character that ended the last
	// token (';', '{', '}').
	termLine, termCol int
	arena             arena
	pending           []*Stmt // the statements of the blocks being read
	nstmts            int     // statements read
	// sniff: Sniff reads only each statement's first word and no
	// comments, so the lexer copies nothing (discovery sniffs every file
	// of a tree before any is loaded).
	sniff bool
	// text is data as a string without a copy, set when data is a file's
	// bytes as read: those are kept (lint.Config.Text) and never written,
	// so words and comments without escapes are substrings of it rather
	// than one allocation each.
	text string
}

// arena hands out a file's statements and their arguments from chunks, a
// few allocations per file rather than three per statement. Chunks start
// small and double, so a short file wastes little.
type arena struct {
	stmts    []Stmt
	stmtPtrs []*Stmt
	strs     []string
	poss     []lint.Position
}

const arenaMin, arenaMax = 8, 1024

// size makes the first chunks fit the file: a statement ends at each ';'
// or '{' (fewer when some are quoted or in comments), and most have an
// argument or two.
func (a *arena) size(data []byte) {
	n := min(bytes.Count(data, []byte{';'})+bytes.Count(data, []byte{'{'}), 4*arenaMax)
	if n > 0 {
		a.stmts = make([]Stmt, 0, n)
		a.stmtPtrs = make([]*Stmt, 0, n)
		a.strs = make([]string, 0, 2*n)
		a.poss = make([]lint.Position, 0, 2*n)
	}
}

// ptrs returns a copy of ss from a chunk, cap-limited; nil when empty.
func (a *arena) ptrs(ss []*Stmt) []*Stmt {
	n := len(ss)
	if n == 0 {
		return nil
	}
	if cap(a.stmtPtrs)-len(a.stmtPtrs) < n {
		a.stmtPtrs = make([]*Stmt, 0, max(grow(cap(a.stmtPtrs)), n))
	}
	i := len(a.stmtPtrs)
	a.stmtPtrs = append(a.stmtPtrs, ss...)
	return a.stmtPtrs[i : i+n : i+n]
}

func grow(c int) int { return min(arenaMax, max(arenaMin, 2*c)) }

func (a *arena) stmt() *Stmt {
	if len(a.stmts) == cap(a.stmts) {
		a.stmts = make([]Stmt, 0, grow(cap(a.stmts)))
	}
	a.stmts = a.stmts[:len(a.stmts)+1]
	return &a.stmts[len(a.stmts)-1]
}

// args returns room for n arguments and their positions; an append to
// either reallocates rather than writing over a neighbour's.
func (a *arena) args(n int) ([]string, []lint.Position) {
	if cap(a.strs)-len(a.strs) < n {
		c := max(grow(cap(a.strs)), n)
		a.strs = make([]string, 0, c)
		a.poss = make([]lint.Position, 0, c)
	}
	i := len(a.strs)
	a.strs, a.poss = a.strs[:i+n], a.poss[:i+n]
	return a.strs[i : i+n : i+n], a.poss[i : i+n : i+n]
}

func newLexer(data []byte, file string) *lexer {
	return &lexer{data: data, file: file, line: 1, col: 1}
}

func (lx *lexer) errAt(line, col int, format string, args ...any) *lint.LoadError {
	if lx.sniff {
		// Sniff asks only whether the file ended early (a message
		// without arguments): no position to intern, nothing to format
		// for each file of a tree that is not nginx.
		return &lint.LoadError{Message: format}
	}
	e := lint.Errorf(lint.At(lx.file, line, col), format, args...)
	return &e
}

// next reads one token the way ngx_conf_read_token does.
func (lx *lexer) next() ([]word, tokenKind, *lint.LoadError) {
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

		// Runs of bytes that change nothing but the column (the rest of
		// a comment, the plain middle of a word) are read in one go, up
		// to where the buffer check above must look again.
		if sharp || !lastSpace && !quoted && !needSpace {
			stop := &plainStop
			switch {
			case sharp:
				stop = &commentStop
			case dQuoted:
				stop = &dQuotedStop
			case sQuoted:
				stop = &sQuotedStop
			}
			end := min(len(lx.data), start+nginxConfBuffer)
			i := lx.pos
			for i < end && !stop[lx.data[i]] {
				if lx.data[i]&0xC0 != 0x80 {
					lx.col++
				}
				i++
			}
			if i > lx.pos {
				lx.pos = i
				if !sharp {
					variable = false
				}
				continue
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
					w.text = lx.str(lx.data[start : lx.pos-1])
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

// The bytes that end a run the lexer reads in one go: in a comment the
// newline; in a word, each character next() treats specially there.
var plainStop, commentStop, dQuotedStop, sQuotedStop [256]bool

func init() {
	for _, c := range []byte(" \t\r\n;{\\$") {
		plainStop[c] = true
	}
	commentStop['\n'] = true
	for _, c := range []byte("\"\\${\n") {
		dQuotedStop[c] = true
	}
	for _, c := range []byte("'\\${\n") {
		sQuotedStop[c] = true
	}
}

func (lx *lexer) term(line, col int) {
	lx.termLine, lx.termCol = line, col
	lx.lastTokenLine = line
	lx.lastToken = lx.data[lx.pos-1]
}

func (lx *lexer) addComment(line, col int, text []byte, trailing, inStatement bool) {
	if lx.sniff {
		return
	}
	lx.comments = append(lx.comments, rawComment{
		line: line, col: col, text: trimSpace(lx.raw(text)),
		trailing: trailing, inStatement: inStatement, after: lx.lastToken,
	})
}

func isSpace(ch byte) bool {
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n'
}

func trimSpace(s string) string {
	i, j := 0, len(s)
	for i < j && (isSpace(s[i]) || s[i] == '\f' || s[i] == '\v') {
		i++
	}
	for j > i && (isSpace(s[j-1]) || s[j-1] == '\f' || s[j-1] == '\v') {
		j--
	}
	return s[i:j]
}

// str is unescape of b, a part of lx.data, as a substring of lx.text
// when the word has no escape to apply.
func (lx *lexer) str(b []byte) string {
	if bytes.IndexByte(b, '\\') >= 0 {
		return unescape(b)
	}
	return lx.raw(b)
}

// raw is b, a part of lx.data, as a string: a substring of lx.text when
// there is one.
func (lx *lexer) raw(b []byte) string {
	if lx.text == "" {
		return string(b)
	}
	off := cap(lx.data) - cap(b) // b is lx.data[off:off+len(b)]
	return lx.text[off : off+len(b)]
}

// unescape applies nginx's word copy: \" \' \\ lose the backslash, \t \r
// \n become control characters, any other backslash stays.
func unescape(b []byte) string {
	hasBackslash := false
	for _, c := range b {
		if c == '\\' {
			hasBackslash = true
			break
		}
	}
	if !hasBackslash {
		return string(b)
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		if b[i] == '\\' && i+1 < len(b) {
			switch b[i+1] {
			case '"', '\'', '\\':
				i++
			case 't':
				out = append(out, '\t')
				i += 2
				continue
			case 'r':
				out = append(out, '\r')
				i += 2
				continue
			case 'n':
				out = append(out, '\n')
				i += 2
				continue
			}
		}
		out = append(out, b[i])
		i++
	}
	return string(out)
}

// customHandlerBlocks are the blocks whose body nginx reads with a custom
// handler (cf->handler): a nested '{' inside them is "unexpected".
var customHandlerBlocks = map[string]bool{
	"types": true, "map": true, "geo": true, "split_clients": true, "charset_map": true,
}

// parseFile reads one file's statement tree. On a syntax error it returns
// what was read before it and the error, as nginx stops at the first one.
// wordBufs holds the lexers' word buffers from file to file: each file's
// lexer grew its own a few times over, a dozen allocations a file.
var wordBufs = sync.Pool{New: func() any { return new([]word) }}

func parseFile(f *File, data []byte, maxDepth int) *lint.LoadError {
	lx := newLexer(data, f.Display)
	lx.text = unsafe.String(unsafe.SliceData(data), len(data))
	lx.arena.size(data)
	lx.maxDepth = maxDepth
	if maxDepth <= 0 || maxDepth > hardNesting {
		lx.maxDepth = hardNesting
	}
	wb := wordBufs.Get().(*[]word)
	lx.words = *wb
	stmts, _, err := parseBlock(lx, f, nil, 0)
	// The strings the words hold are this file's: cleared so the pool
	// keeps no file alive.
	clear(lx.words[:cap(lx.words)])
	*wb = lx.words[:0]
	wordBufs.Put(wb)
	f.Stmts = stmts
	f.nstmts = lx.nstmts
	f.comments = lx.comments
	f.lines = lx.line
	return err
}

// hardNesting bounds block depth when the limits set none (nginx has no
// limit; real configurations stay under ten levels).
const hardNesting = 1000

func parseBlock(lx *lexer, f *File, parent *Stmt, depth int) ([]*Stmt, int, *lint.LoadError) {
	// The block's statements gather on lx.pending, above those of the
	// blocks around it, and are copied out at its end into a slice of
	// their exact length from the arena: appending to a slice of each
	// block's own grew it several times.
	base := len(lx.pending)
	end, err := parseBlockOnto(lx, f, parent, depth)
	out := lx.arena.ptrs(lx.pending[base:])
	clear(lx.pending[base:])
	lx.pending = lx.pending[:base]
	return out, end, err
}

func parseBlockOnto(lx *lexer, f *File, parent *Stmt, depth int) (int, *lint.LoadError) {
	for {
		words, kind, err := lx.next()
		if err != nil {
			return 0, err
		}
		switch kind {
		case tokBlockDone:
			if parent == nil {
				return 0, lx.errAt(lx.termLine, lx.termCol, "unexpected \"}\"")
			}
			return lx.termLine, nil
		case tokFileDone:
			if parent != nil {
				return 0, lx.errAt(lx.line, lx.col, "unexpected end of file, expecting \"}\"")
			}
			return 0, nil
		}
		s := lx.arena.stmt()
		lx.nstmts++
		*s = Stmt{
			Name: words[0].text, Line: words[0].line, Col: words[0].col,
			EndLine: lx.termLine, TermLine: lx.termLine, TermCol: lx.termCol, File: f, Parent: parent,
			NameQuoted: words[0].quoted,
		}
		if len(words) > 1 {
			s.Args, s.ArgPos = lx.arena.args(len(words) - 1)
			for i, w := range words[1:] {
				s.Args[i] = w.text
				s.ArgPos[i] = f.at.Span(w.line, w.col, w.line)
			}
		}
		lx.pending = append(lx.pending, s)
		if kind == tokBlockStart {
			if parent != nil && customHandlerBlocks[parent.Name] {
				return 0, lx.errAt(lx.termLine, lx.termCol, "unexpected \"{\"")
			}
			s.Block = true
			if depth >= lx.maxDepth {
				return 0, lx.errAt(lx.termLine, lx.termCol, "blocks nested deeper than %d", lx.maxDepth)
			}
			if strings.HasSuffix(s.Name, "_by_lua_block") {
				// OpenResty reads these bodies as Lua, not nginx syntax.
				end, err := lx.skipLua()
				if err != nil {
					s.EndLine = lx.line
					return 0, err
				}
				s.EndLine = end
				s.Lua = true
				continue
			}
			children, end, err := parseBlock(lx, f, s, depth+1)
			s.Children = children
			if err != nil {
				s.EndLine = lx.line
				return 0, err
			}
			s.EndLine = end
		}
	}
}

// Stmt is one directive as nginx reads it.
type Stmt struct {
	Name string
	Args []string
	// ArgPos holds the position of each argument (its first character, the
	// opening quote for a quoted one).
	ArgPos []lint.Position
	// Line and Col locate the directive name's first character; EndLine is
	// the line of its ';' or, for a block, of its closing '}'.
	Line, Col, EndLine int
	// TermLine and TermCol locate the ';' or '{' that ends the directive's
	// words.
	TermLine, TermCol int
	NameQuoted        bool
	// Lua is true for an OpenResty *_by_lua_block, whose body is Lua code
	// (not read as statements).
	Lua      bool
	Block    bool
	Children []*Stmt
	Parent   *Stmt `json:"-"`
	File     *File `json:"-"`
	// Includes are the files an include directive read, in glob order.
	Includes []*File `json:"-"`
}

// errPos is where nginx -t reports a problem with the directive: the line
// of its ';' or '{'. For a directive on one line that is its start; for
// one spread over lines, the terminator.
func (s *Stmt) errPos() lint.Position {
	if s.TermLine == s.Line || s.TermLine == 0 {
		return s.Pos()
	}
	return s.File.at.Span(s.TermLine, s.TermCol, s.TermLine)
}

// Pos is where the directive starts, with EndLine set.
func (s *Stmt) Pos() lint.Position {
	return s.File.at.Span(s.Line, s.Col, s.EndLine)
}

func (s *Stmt) String() string {
	return fmt.Sprintf("%s:%d:%d %s", s.File.Display, s.Line, s.Col, s.Name)
}

// skipLua moves past the body of a *_by_lua_block, counting braces outside
// Lua strings and comments as OpenResty's lexer does, and returns the line
// of the closing brace.
func (lx *lexer) skipLua() (int, *lint.LoadError) {
	depth := 1
	adv := func() byte {
		ch := lx.data[lx.pos]
		lx.pos++
		if ch == '\n' {
			lx.line++
			lx.col = 1
		} else if ch&0xC0 != 0x80 {
			lx.col++
		}
		return ch
	}
	// longBracket reports the level of a [[ or [=[ opening at pos, or -1.
	longBracket := func() int {
		if lx.pos >= len(lx.data) || lx.data[lx.pos] != '[' {
			return -1
		}
		i := lx.pos + 1
		for i < len(lx.data) && lx.data[i] == '=' {
			i++
		}
		if i < len(lx.data) && lx.data[i] == '[' {
			return i - lx.pos - 1
		}
		return -1
	}
	skipLong := func(level int) bool {
		for i := 0; i < level+2; i++ {
			adv()
		}
		closing := "]" + strings.Repeat("=", level) + "]"
		for lx.pos < len(lx.data) {
			if strings.HasPrefix(string(lx.data[lx.pos:min(lx.pos+len(closing), len(lx.data))]), closing) {
				for range closing {
					adv()
				}
				return true
			}
			adv()
		}
		return false
	}
	for lx.pos < len(lx.data) {
		ch := lx.data[lx.pos]
		switch {
		case ch == '-' && lx.pos+1 < len(lx.data) && lx.data[lx.pos+1] == '-':
			adv()
			adv()
			if lvl := longBracket(); lvl >= 0 {
				if !skipLong(lvl) {
					return 0, lx.errAt(lx.line, lx.col, "unexpected end of file, expecting \"}\"")
				}
				continue
			}
			for lx.pos < len(lx.data) && lx.data[lx.pos] != '\n' {
				adv()
			}
		case ch == '[':
			if lvl := longBracket(); lvl >= 0 {
				if !skipLong(lvl) {
					return 0, lx.errAt(lx.line, lx.col, "unexpected end of file, expecting \"}\"")
				}
				continue
			}
			adv()
		case ch == '"' || ch == '\'':
			q := adv()
			for lx.pos < len(lx.data) {
				c := adv()
				if c == '\\' && lx.pos < len(lx.data) {
					adv()
					continue
				}
				if c == q || c == '\n' {
					break
				}
			}
		case ch == '{':
			depth++
			adv()
		case ch == '}':
			line, col := lx.line, lx.col
			adv()
			depth--
			if depth == 0 {
				lx.term(line, col)
				return line, nil
			}
		default:
			adv()
		}
	}
	return 0, lx.errAt(lx.line, lx.col, "unexpected end of file, expecting \"}\"")
}
