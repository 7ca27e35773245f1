package template

import (
	"bytes"
)

// HCL files (Terraform) have native interpolation, ${var.x} and
// %{ if … }, so neither is a placeholder. What marks a Terraform file as a
// template is a Go fmt verb: provider acceptance tests keep their
// configurations as fmt.Sprintf formats (resource "cloudflare_record"
// "%[1]s" { zone_id = "%[2]s" }), which Terraform never reads as written.
// A verb counts outside a string (where HCL cannot parse it) and inside a
// string or heredoc, except in the format string of Terraform's own
// format() and formatlist(), whose verbs are Terraform's.

// hclScan masks the comments of an HCL file (#, // and /* */ outside
// strings) and finds the first Go fmt verb that is not Terraform's.
// verbAt is -1 when there is none.
func hclScan(data []byte) (masked []byte, verbAt, verbLen int) {
	out := append([]byte(nil), data...)
	verbAt = -1
	blank := func(from, to int) {
		for j := from; j < to && j < len(out); j++ {
			if out[j] != '\n' {
				out[j] = ' '
			}
		}
	}
	// Each entry of the stack is an open construct: a quoted string
	// (formatArg tells whether it is format()'s first argument) or an
	// interpolation ${ … } / %{ … } inside one, counting its braces.
	type frame struct {
		str       bool
		formatArg bool
		braces    int
	}
	var stack []frame
	inString := func() bool { return len(stack) > 0 && stack[len(stack)-1].str }
	found := func(i, n int) {
		if verbAt < 0 {
			verbAt, verbLen = i, n
		}
	}
	for i := 0; i < len(out); i++ {
		c := out[i]
		if inString() {
			top := &stack[len(stack)-1]
			switch {
			case c == '\\':
				i++
			case c == '"':
				stack = stack[:len(stack)-1]
			case (c == '$' || c == '%') && i+1 < len(out) && out[i+1] == '{':
				stack = append(stack, frame{})
				i++
			case c == '$' || c == '%':
				if c == '%' && i+1 < len(out) && out[i+1] == '%' {
					i++ // %% is a literal % for fmt and for format()
					continue
				}
				if c == '%' && !top.formatArg {
					if n := goVerb(out[i:]); n > 0 {
						found(i, n)
					}
				}
			}
			continue
		}
		switch {
		case c == '#' || c == '/' && i+1 < len(out) && out[i+1] == '/':
			end := bytes.IndexByte(out[i:], '\n')
			if end < 0 {
				end = len(out) - i
			}
			blank(i, i+end)
			i += end - 1
		case c == '/' && i+1 < len(out) && out[i+1] == '*':
			end := bytes.Index(out[i+2:], []byte("*/"))
			if end < 0 {
				end = len(out) - i - 2
			} else {
				end += 2
			}
			blank(i, i+2+end)
			i += 1 + end
		case c == '"':
			stack = append(stack, frame{str: true, formatArg: formatCall(out[:i])})
		case c == '<' && i+1 < len(out) && out[i+1] == '<':
			if n, body, end := heredoc(out[i:]); n > 0 {
				for j := i + body; j < i+end; j++ {
					if out[j] == '%' {
						if j+1 < len(out) && out[j+1] == '%' {
							j++
							continue
						}
						if m := goVerb(out[j : i+end]); m > 0 {
							found(j, m)
							break
						}
					}
				}
				i += n - 1
			}
		case c == '{' && len(stack) > 0:
			stack[len(stack)-1].braces++
		case c == '}' && len(stack) > 0:
			if stack[len(stack)-1].braces == 0 {
				stack = stack[:len(stack)-1] // the interpolation ends
			} else {
				stack[len(stack)-1].braces--
			}
		case c == '%':
			// Outside a string HCL has the modulo operator, "a % b",
			// never a verb glued to its letter.
			if n := goVerb(out[i:]); n > 0 && (i+1 < len(out) && out[i+1] != ' ') {
				found(i, n)
			}
		}
	}
	return out, verbAt, verbLen
}

// goVerb returns the length of the Go fmt verb at b[0] ('%'), or 0. Only
// the forms fmt-based fixtures use are taken, so that URL escapes in
// strings ("%2F", "%3D", "%da") are not: %s, %q, %v, %t, %d before a
// non-hex character, and the explicit-index form %[n]s.
func goVerb(b []byte) int {
	if len(b) < 2 || b[0] != '%' {
		return 0
	}
	if b[1] == '[' {
		j := 2
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
		if j == 2 || j+1 >= len(b) || b[j] != ']' || bytes.IndexByte([]byte("sdqvt"), b[j+1]) < 0 {
			return 0
		}
		return j + 2
	}
	switch b[1] {
	case 's', 'q', 'v', 't':
		if len(b) > 2 && isWord(b[2]) && b[1] != 's' {
			return 0 // "%value", "%test": a word, not a verb
		}
		return 2
	case 'd':
		if len(b) > 2 && (isHex(b[2]) || isLetter(b[2])) {
			return 0
		}
		return 2
	}
	return 0
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// formatCall reports whether text before a string's opening quote ends
// in "format(" or "formatlist(": the string is then a format for
// Terraform, whose verbs are its own.
func formatCall(before []byte) bool {
	t := bytes.TrimRight(before, " \t\r\n")
	if !bytes.HasSuffix(t, []byte("(")) {
		return false
	}
	t = bytes.TrimRight(t[:len(t)-1], " \t")
	for _, fn := range []string{"format", "formatlist"} {
		if bytes.HasSuffix(t, []byte(fn)) && (len(t) == len(fn) || !isWord(t[len(t)-len(fn)-1]) && t[len(t)-len(fn)-1] != '.') {
			return true
		}
	}
	return false
}

// heredoc reads a heredoc starting at b ("<<EOT" or "<<-EOT" and a
// newline): the length of the whole construct, and where its body starts
// and ends. n is 0 when b does not start one.
func heredoc(b []byte) (n, body, end int) {
	j := 2
	if j < len(b) && b[j] == '-' {
		j++
	}
	start := j
	for j < len(b) && isWord(b[j]) {
		j++
	}
	if j == start {
		return 0, 0, 0
	}
	marker := b[start:j]
	for j < len(b) && (b[j] == ' ' || b[j] == '\t' || b[j] == '\r') {
		j++
	}
	if j >= len(b) || b[j] != '\n' {
		return 0, 0, 0
	}
	body = j + 1
	for k := body; k < len(b); {
		e := bytes.IndexByte(b[k:], '\n')
		line := b[k:]
		if e >= 0 {
			line = b[k : k+e]
		}
		if bytes.Equal(bytes.TrimSpace(line), marker) {
			return k + len(line), body, k
		}
		if e < 0 {
			break
		}
		k += e + 1
	}
	return len(b), body, len(b)
}
