// Package template recognises configuration files that are templates: a
// tool (Ansible, Puppet, Chef, docker-gen, dokku, envsubst, sed, an
// installer) fills in their placeholders before the server reads them.
// Such a file is not what the server will run, and linting it as written
// reports the placeholders as syntax errors (`{{`, `<%-`) or as values no
// server accepts ("port <%= is not a number"). Sources skip a template
// with a notice that names the syntax and where it was seen, so the user
// can lint the rendered file instead.
//
// A placeholder only counts where the server would read it: text in a
// comment is not read, so `# {{ ansible_managed }}` in an nginx file does
// not make it a template. Native syntax is never a placeholder: nginx's
// $var and ${var}, Apache's ${VAR} (Define and environment variables) and
// %{VAR} (mod_rewrite, mod_headers), PHP-FPM's ${VAR} and $pool.
package template

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
)

// Dialect is the configuration language a file is read as: it decides
// what a comment is and which placeholders are unambiguous.
type Dialect int

const (
	// Unknown is a file no source recognised as it stands: only a
	// line whose first non-blank character is '#' is a comment.
	Unknown Dialect = iota
	// Nginx: '#' at the start of a word outside quotes starts a comment.
	Nginx
	// Apache: a line whose first non-blank character is '#' is a comment.
	Apache
	// INI (PHP-FPM): a line whose first non-blank character is ';' is a
	// comment (php-fpm reads '#' as a key, but template tools still
	// write their banners so).
	INI
	// HCL (Terraform): #, // and /* */ outside strings are comments;
	// ${ } and %{ } are HCL's own, Go fmt verbs are placeholders (see
	// hcl.go).
	HCL
)

// Match is a file recognised as a template.
type Match struct {
	// Desc names what the file is: "a Jinja template", "an envsubst
	// template".
	Desc string
	// Token is the placeholder as shown to the user: "{{ … }}", "<%= … %>",
	// "${NGINX_HOST}". Empty when the file name alone told.
	Token string
	// Line and Col locate the placeholder (1-based); 0 when the file name
	// alone told.
	Line, Col int
	// Ext is the template-engine extension of the file name (".j2"), if
	// any.
	Ext string
}

// Reason says why the file is a template, for a notice:
// "a Jinja template ({{ … }} at 12:5)" or "a Jinja template (.j2 file)".
func (m *Match) Reason() string {
	if m.Line == 0 {
		return fmt.Sprintf("%s (%s file)", m.Desc, m.Ext)
	}
	return fmt.Sprintf("%s (%s at %d:%d)", m.Desc, m.Token, m.Line, m.Col)
}

// engineExts are the extensions of template engines: a file named so is a
// template whatever its content, as the tool renders every such file.
var engineExts = map[string]string{
	".j2":         "a Jinja template",
	".jinja":      "a Jinja template",
	".jinja2":     "a Jinja template",
	".njk":        "a Nunjucks template",
	".twig":       "a Twig template",
	".erb":        "an ERB template",
	".epp":        "an EPP template",
	".ejs":        "an EJS template",
	".liquid":     "a Liquid template",
	".mustache":   "a mustache template",
	".hbs":        "a Handlebars template",
	".handlebars": "a Handlebars template",
	".sigil":      "a sigil (Go) template",
	".gotmpl":     "a Go template",
	".ctmpl":      "a consul-template template",
	".tftpl":      "a Terraform template",
}

// genericExts mark a file that is often, but not always, a template (the
// nginx image's /etc/nginx/templates/*.template, autoconf's *.in): the
// name alone does not tell, but it makes the weaker placeholder forms
// (envsubst's $VAR for a name nginx also has, %name) certain.
var genericExts = map[string]bool{".tmpl": true, ".tpl": true, ".template": true, ".in": true}

// EngineExt returns the template-engine extension of path ("" if none).
func EngineExt(path string) string {
	ext := strings.ToLower(filepath.Ext(path))
	if _, ok := engineExts[ext]; ok {
		return ext
	}
	return ""
}

// Generic reports whether the file name marks a probable template: a
// generic template extension, or ".template." inside the name
// (openwisp's nginx.template.conf).
func Generic(path string) bool {
	base := strings.ToLower(filepath.Base(path))
	return genericExts[filepath.Ext(base)] || strings.Contains(base, ".template.") || strings.Contains(base, ".tmpl.")
}

// Rendered returns the name the rendered file would have: the template
// extension removed ("site.conf.j2" → "site.conf").
func Rendered(path string) string {
	ext := strings.ToLower(filepath.Ext(path))
	if _, ok := engineExts[ext]; ok || genericExts[ext] {
		return strings.TrimSuffix(path, filepath.Ext(path))
	}
	return path
}

// Detect tells whether a file is a template, from its name and from
// placeholders outside its comments. It leaves out envsubst's $VAR in
// nginx files, which needs the variables the whole tree defines: see
// Envsubst.
func Detect(path string, data []byte, d Dialect) *Match {
	if d == HCL {
		masked, at, n := hclScan(data)
		if at >= 0 && EngineExt(path) == "" {
			m := &Match{Desc: "a Go fmt template", Token: string(data[at : at+n])}
			m.Line, m.Col = position(data, at)
			return m
		}
		return detect(path, data, masked, d)
	}
	if EngineExt(path) == "" && !mayHold(data) {
		return nil
	}
	return detect(path, data, mask(data, d), d)
}

// mayHold reports whether data has a pair of bytes that starts a
// template construct ({{ {% {# <%) or a placeholder that
// firstPlaceholder looks for (%V @V @@ !V PH <V #{ {V [V). Masking only
// turns bytes into spaces, and each of those starts with two bytes that
// are no space, so text without such a pair holds neither masked or
// not: discovery leaves out the mask and the scans for most files.
func mayHold(data []byte) bool {
	for i := 0; i+1 < len(data); i++ {
		if !holdStart[data[i]] {
			continue
		}
		c, n := data[i], data[i+1]
		switch c {
		case '{':
			if n == '{' || n == '%' || n == '#' || isLetter(n) {
				return true
			}
		case '<':
			if n == '%' || isLetter(n) {
				return true
			}
		case '%':
			if isLetter(n) || n == '_' {
				return true
			}
		case '@':
			if isLetter(n) || n == '_' || n == '@' {
				return true
			}
		case '!':
			if n >= 'A' && n <= 'Z' || n == '_' {
				return true
			}
		case 'P':
			if n == 'H' {
				return true
			}
		case '#':
			if n == '{' {
				return true
			}
		case '[':
			if n >= 'A' && n <= 'Z' {
				return true
			}
		}
	}
	return false
}

// holdStart are the first bytes of mayHold's pairs.
var holdStart = [256]bool{'{': true, '<': true, '%': true, '@': true, '!': true, 'P': true, '#': true, '[': true}

func detect(path string, data, masked []byte, d Dialect) *Match {
	var best *Match
	engine := ""
	if ext := EngineExt(path); ext != "" {
		engine = engineExts[ext]
		best = &Match{Desc: engine, Ext: ext}
	}
	if c := firstConstruct(masked); c != nil {
		if engine == "" {
			engine = constructEngine(masked)
			if strings.HasSuffix(engine, "placeholders") && strings.EqualFold(filepath.Ext(path), ".tmpl") {
				engine = "a Go template" // .tmpl is Go's convention (confd, gomplate, dockerize)
			}
		}
		m := &Match{Desc: engine, Token: c.token, Ext: EngineExt(path)}
		m.Line, m.Col = position(data, c.at)
		return m
	}
	if best != nil {
		// The placeholders of an engine-named file may all be in comments
		// (`# {{ ansible_managed }}`): point at the first one anyway.
		if c := firstConstruct(data); c != nil {
			best.Token = c.token
			best.Line, best.Col = position(data, c.at)
		}
		return best
	}
	if p := firstPlaceholder(masked, d, Generic(path)); p != nil {
		m := &Match{Desc: p.desc, Token: p.token}
		m.Line, m.Col = position(data, p.at)
		return m
	}
	return nil
}

// Neutralize returns data with template constructs blanked, so a sniffer
// can tell what configuration the template renders to: output
// expressions become a run of 'x' (a word where a value stands), tags and
// comments become spaces. Newlines are kept so positions stay.
func Neutralize(data []byte) []byte {
	out := append([]byte(nil), data...)
	for i := 0; i < len(out); i++ {
		n, kind := span(out, i)
		if n == 0 {
			continue
		}
		fill := byte(' ')
		if kind == exprConstruct {
			fill = 'x'
		}
		for j := i; j < i+n; j++ {
			if out[j] != '\n' {
				out[j] = fill
			}
		}
		i += n - 1
	}
	return out
}

type construct struct {
	at    int
	token string
}

type constructKind int

const (
	exprConstruct constructKind = iota + 1 // {{ x }}, <%= x %>
	tagConstruct                           // {% if %}, <% if %>, {# #}
)

// firstConstruct finds the first template-engine construct ({{ }}, {% %},
// {# #}, <% %>) in text whose comments are masked.
func firstConstruct(b []byte) *construct {
	for i := 0; i < len(b); i++ {
		if b[i] != '{' && b[i] != '<' {
			continue
		}
		if n, _ := span(b, i); n > 0 {
			return &construct{at: i, token: tokenOf(b[i : i+n])}
		}
	}
	return nil
}

// tokenOf shortens a construct for display: its delimiters around an
// ellipsis ("{{ … }}", "<%= … %>", "{%- … -%}").
func tokenOf(c []byte) string {
	s := string(c)
	open := 2
	if strings.HasPrefix(s, "{{{") {
		open = 3
	}
	for open < len(s) && strings.ContainsRune("=-#_~+", rune(s[open])) && open < 3 {
		open++
	}
	closeAt := len(s) - 2
	if strings.HasSuffix(s, "}}}") {
		closeAt = len(s) - 3
	}
	if closeAt > open && strings.ContainsRune("-~+", rune(s[closeAt-1])) {
		closeAt--
	}
	if closeAt < open {
		return s
	}
	return s[:open] + " … " + s[closeAt:]
}

const maxSpan = 4000

// span returns the length of the template construct starting at b[i], or
// 0. Each construct needs its closing delimiter, and content that could
// only be template code: nginx's own braces (blocks, ${var}, a Lua
// table {{1, 2}}) never qualify.
func span(b []byte, i int) (int, constructKind) {
	rest := b[i:]
	switch {
	case bytes.HasPrefix(rest, []byte("{{{")):
		end := bytes.Index(rest[3:min(len(rest), maxSpan)], []byte("}}}"))
		if end < 0 || !expression(rest[3:3+end]) {
			return 0, 0
		}
		return end + 6, exprConstruct
	case bytes.HasPrefix(rest, []byte("{{")):
		end := bytes.Index(rest[2:min(len(rest), maxSpan)], []byte("}}"))
		if end < 0 || !expression(rest[2:2+end]) {
			return 0, 0
		}
		if action(rest[2 : 2+end]) {
			return end + 4, tagConstruct
		}
		return end + 4, exprConstruct
	case bytes.HasPrefix(rest, []byte("{%")):
		end := bytes.Index(rest[2:min(len(rest), maxSpan)], []byte("%}"))
		if end < 0 || !tagName(rest[2:2+end]) {
			return 0, 0
		}
		return end + 4, tagConstruct
	case bytes.HasPrefix(rest, []byte("{#")):
		if len(rest) < 3 || !(isSpace(rest[2]) || rest[2] == '-' || isLetter(rest[2])) {
			return 0, 0 // a "{####" banner after an nginx block's brace
		}
		end := bytes.Index(rest[2:min(len(rest), maxSpan)], []byte("#}"))
		if end < 0 {
			return 0, 0
		}
		return end + 4, tagConstruct
	case bytes.HasPrefix(rest, []byte("<%")):
		if len(rest) < 3 || rest[2] == '%' || !(isSpace(rest[2]) || strings.IndexByte("=-#_", rest[2]) >= 0 || isLetter(rest[2])) {
			return 0, 0
		}
		end := bytes.Index(rest[2:min(len(rest), maxSpan)], []byte("%>"))
		if end < 0 {
			return 0, 0
		}
		if rest[2] == '=' || rest[2] == '-' && !erbKeyword(rest[3:2+end]) {
			return end + 4, exprConstruct
		}
		return end + 4, tagConstruct
	}
	return 0, 0
}

// expression: the inside of {{ }} holds template code, not braces.
func expression(c []byte) bool {
	t := bytes.Trim(c, " \t\r\n-~")
	if len(t) == 0 || bytes.ContainsAny(t, "{}") {
		return false
	}
	for _, ch := range t {
		if isLetter(ch) || strings.IndexByte(".$#/^>!&_", ch) >= 0 {
			return true
		}
	}
	return false
}

// goAction: Go template actions that print nothing.
var goAction = regexp.MustCompile(`^(if|else|end|range|with|define|block|break|continue)\b|^\$[A-Za-z0-9_]*\s*:?=`)

// action: the inside of {{ }} is control flow (Go's if/range/end, an
// assignment, a comment; mustache's sections), which renders to nothing.
func action(c []byte) bool {
	t := bytes.TrimLeft(c, " \t\r\n-~")
	return len(t) > 0 && strings.IndexByte("#/^!", t[0]) >= 0 || goAction.Match(t)
}

// tagName: a {% %} tag starts with its name ("if", "endfor", "set").
func tagName(c []byte) bool {
	t := bytes.TrimLeft(c, " \t\r\n-+~")
	return len(t) > 0 && isLetter(t[0])
}

var erbKeywords = regexp.MustCompile(`^\s*(if|unless|else|elsif|end|for|case|when|while|until)\b|\b(do|each)\b`)

// erbKeyword: a <%- %> tag that is control flow (Puppet/Chef templates
// write <%- if @x -%>), not output.
func erbKeyword(c []byte) bool { return erbKeywords.Match(c) }

// goKeyword: Go's template actions; Jinja writes these as {% %} tags.
var goKeyword = regexp.MustCompile(`^(if|else|end|range|with|template|define|block)\b`)

// constructEngine names the engine from all constructs of the file.
func constructEngine(b []byte) string {
	var erb, epp, goTmpl, mustache, jinjaTag, jinja, plain bool
	for i := 0; i < len(b); i++ {
		if b[i] != '{' && b[i] != '<' {
			continue
		}
		n, _ := span(b, i)
		if n == 0 {
			continue
		}
		c := b[i : i+n]
		switch {
		case c[0] == '<':
			erb = true
			if bytes.Contains(c, []byte("$")) && !bytes.Contains(c, []byte("@")) {
				epp = true
			}
		case bytes.HasPrefix(c, []byte("{%")), bytes.HasPrefix(c, []byte("{#")):
			jinjaTag = true // Go templates and mustache have no {% %}
		case bytes.HasPrefix(c, []byte("{{{")):
			mustache = true
		default:
			in := bytes.TrimLeft(c[2:len(c)-2], " \t-~")
			switch {
			case len(in) > 0 && strings.IndexByte("#/^>!&", in[0]) >= 0:
				mustache = true
			case len(in) > 0 && (in[0] == '.' || in[0] == '$') || bytes.HasPrefix(in, []byte("/*")) || goKeyword.Match(in):
				goTmpl = true
			case bytes.Contains(in, []byte("|")):
				jinja = true
			default:
				plain = true
			}
		}
		i += n - 1
	}
	switch {
	case erb && epp:
		return "an EPP template"
	case erb:
		return "an ERB template"
	case jinjaTag:
		return "a Jinja template"
	case goTmpl:
		return "a Go template"
	case mustache:
		return "a mustache template"
	case jinja:
		return "a Jinja template"
	case plain:
		return "a template with {{ … }} placeholders"
	}
	return "a template"
}

// mask returns data with the text of comments replaced by spaces
// (newlines kept), so placeholders are only seen where the server reads
// them. Template constructs are opaque: a '#' or a quote inside one
// changes nothing. It returns data itself when there is no comment to
// blank (generated trees have none), else a copy; callers only read it.
func mask(data []byte, d Dialect) []byte {
	out := data
	copied := false
	blank := func(i int) {
		if !copied {
			out, copied = append([]byte(nil), data...), true
		}
		out[i] = ' '
	}
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
					blank(i)
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
				blank(i)
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

// position converts a byte offset to a 1-based line and column (columns
// count characters, as the sources' positions do).
func position(data []byte, at int) (int, int) {
	line := 1 + bytes.Count(data[:at], []byte{'\n'})
	start := bytes.LastIndexByte(data[:at], '\n') + 1
	col := 1
	for _, c := range data[start:at] {
		if c&0xC0 != 0x80 {
			col++
		}
	}
	return line, col
}

func isSpace(c byte) bool  { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isWord(c byte) bool   { return isLetter(c) || c >= '0' && c <= '9' || c == '_' }
