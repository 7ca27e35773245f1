package template

import (
	"bytes"
	"regexp"
	"strings"
)

// Placeholders that are not a template engine's: a tool (sed, autoconf,
// an installer, a shell script) replaces a marked word. Each form is one
// no nginx or Apache configuration uses natively, checked with the
// boundaries that keep native look-alikes out: OpenSSL's "!RSA" in a
// cipher list, nginx's named captures (?<name>), "%U%q" in an Apache
// LogFormat, URL escapes (%2F), e-mail addresses.
var (
	atRE      = regexp.MustCompile(`@@?[A-Za-z_][A-Za-z0-9_]+@@?`)
	percentRE = regexp.MustCompile(`%[A-Za-z_][A-Za-z0-9_]{2,}%`)
	bangRE    = regexp.MustCompile(`![A-Z_][A-Z0-9_]{2,}!`)
	phRE      = regexp.MustCompile(`PH_[A-Z0-9_]+`)
	angleRE   = regexp.MustCompile(`<(?:[A-Z][A-Z0-9_]{2,}|[a-z][a-z0-9]*_[a-z0-9_]+)>`)
	pctNameRE = regexp.MustCompile(`%[a-z_][a-z0-9_]+`)
	hashRE    = regexp.MustCompile(`#\{[A-Za-z_@$][A-Za-z0-9_.]*\}`)
	braceRE   = regexp.MustCompile(`\{(?:[A-Z][A-Z0-9_]{2,}|[a-z][a-z0-9]*_[a-z0-9_]+)\}`)
	// "[FULLCHAIN FILE NAME]": words for a person to replace, two or more
	// upper-case words with spaces between — no regex character class or
	// RewriteRule flag list is written that way.
	bracketRE = regexp.MustCompile(`\[[A-Z][A-Z0-9_]+(?: [A-Z][A-Z0-9_]+)+\]`)
)

type placeholder struct {
	at    int
	token string
	desc  string
}

// Directives whose values legitimately hold a look-alike: cipher lists
// ("!aNULL:!MD5", "@SECLEVEL=1") and log formats ("%U%q").
var (
	cipherDirectives = map[string]bool{
		"ssl_ciphers": true, "proxy_ssl_ciphers": true, "grpc_ssl_ciphers": true, "uwsgi_ssl_ciphers": true,
		"ssl_conf_command": true, "sslciphersuite": true, "sslproxyciphersuite": true,
	}
	logDirectives = map[string]bool{
		"log_format": true, "logformat": true, "errorlogformat": true, "customlog": true, "transferlog": true,
	}
)

// htmlTags are names that stand between < > in HTML an nginx string may
// hold (return 200 "<HTML><BODY>…"); they are not placeholders.
var htmlTags = map[string]bool{}

func init() {
	for _, t := range strings.Fields(`html head body title meta link script style div span p br hr pre
		center table thead tbody tr td th ul ol li form input img font code small big sup sub iframe
		noscript svg button label select option textarea header footer nav main section article aside
		h1 h2 h3 h4 h5 h6 em strong b i u a`) {
		htmlTags[t] = true
	}
}

// firstPlaceholder finds the first marked-word placeholder in masked text.
// Each form is looked for only when its marker character is in the file,
// so a configuration without any pays one byte scan per form.
func firstPlaceholder(masked []byte, d Dialect, generic bool) *placeholder {
	var best *placeholder
	look := func(marker string, re *regexp.Regexp, desc string, ok func(line []byte, s, e int) bool) {
		if !bytes.Contains(masked, []byte(marker)) {
			return
		}
		for _, loc := range re.FindAllIndex(masked, -1) {
			if best != nil && loc[0] > best.at {
				return
			}
			ls := bytes.LastIndexByte(masked[:loc[0]], '\n') + 1
			le := bytes.IndexByte(masked[loc[1]:], '\n')
			if le < 0 {
				le = len(masked)
			} else {
				le += loc[1]
			}
			if ok(masked[ls:le], loc[0]-ls, loc[1]-ls) {
				best = &placeholder{at: loc[0], token: string(masked[loc[0]:loc[1]]), desc: desc}
				return
			}
		}
	}
	directive := func(line []byte) string { return strings.ToLower(firstWord(line)) }
	look("%", percentRE, "a template with %VAR% placeholders", func(line []byte, s, e int) bool {
		return !logDirectives[directive(line)] && boundary(line, s-1, "%{") && boundary(line, e, "")
	})
	look("@", atRE, "a template with @VAR@ placeholders", func(line []byte, s, e int) bool {
		return !cipherDirectives[directive(line)] && boundary(line, s-1, "@.") && boundary(line, e, "")
	})
	look("!", bangRE, "a template with !VAR! placeholders", func(line []byte, s, e int) bool {
		return !cipherDirectives[directive(line)] && boundary(line, s-1, "\\") && boundary(line, e, "")
	})
	look("PH_", phRE, "a template with PH_* (sed) placeholders", func(line []byte, s, e int) bool {
		return boundary(line, s-1, "") && boundary(line, e, "")
	})
	look("<", angleRE, "a template with <VAR> placeholders", func(line []byte, s, e int) bool {
		name := strings.ToLower(string(line[s+1 : e-1]))
		if htmlTags[name] || s > 0 && (line[s-1] == '?' || line[s-1] == 'P' && s > 1 && line[s-2] == '?') {
			return false // HTML, or a regex's named capture (?<name>...)
		}
		// In Apache a '<' opening the line is a section.
		return d == Nginx || len(bytes.TrimSpace(line[:s])) > 0
	})
	// Ruby's and CoffeeScript's "#{VAR}": a '#' inside a word is not an
	// nginx comment, so it reaches nginx as "{" in the middle of a word.
	look("#{", hashRE, "a template with #{VAR} placeholders", func(line []byte, s, e int) bool { return true })
	// Python's str.format "{name}": only names no Lua table or regex
	// quantifier looks like (an underscore, or upper case), not after
	// nginx's '$' or Apache's '%'.
	look("{", braceRE, "a template with {VAR} placeholders", func(line []byte, s, e int) bool {
		return boundary(line, s-1, "$%#{") && boundary(line, e, "}")
	})
	look("[", bracketRE, "a template with [WORDS TO REPLACE] placeholders", func(line []byte, s, e int) bool {
		d := directive(line)
		return !strings.HasPrefix(d, "rewrite") && !logDirectives[d]
	})
	if generic {
		look("%", pctNameRE, "a template with %name placeholders", func(line []byte, s, e int) bool {
			return (s == 0 || strings.IndexByte(" \t:\"'=/(", line[s-1]) >= 0) && boundary(line, e, "%")
		})
	}
	return best
}

// boundary reports whether line[i] (out of range counts) is not a word
// character nor one of extra.
func boundary(line []byte, i int, extra string) bool {
	if i < 0 || i >= len(line) {
		return true
	}
	return !isWord(line[i]) && strings.IndexByte(extra, line[i]) < 0
}

func firstWord(line []byte) string {
	f := bytes.Fields(line)
	if len(f) == 0 {
		return ""
	}
	return string(f[0])
}

var (
	varRE     = regexp.MustCompile(`\$(\{?)([A-Za-z_][A-Za-z0-9_]*)(\}?)`)
	definesRE = regexp.MustCompile(`(?:^|[;{}\s])(set|map|geo|split_clients|perl_set|js_set|js_var|auth_request_set|set_[a-z0-9_]+|[a-z0-9_]+_set)[ \t\r\n]+((?:\$\{|[^;{])*)`)
	captureRE = regexp.MustCompile(`\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>|\(\?'([A-Za-z_][A-Za-z0-9_]*)'`)
	upperRE   = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
)

// DefinedVars lists the variables an nginx file defines, lower case as
// nginx compares them: set, map, geo, split_clients, perl_set, js_set and
// the other *_set directives, and the named captures of its regexes.
func DefinedVars(data []byte) []string {
	masked := mask(data, Nginx)
	var out []string
	for _, m := range definesRE.FindAllSubmatch(masked, -1) {
		for _, v := range varRE.FindAllSubmatch(m[2], -1) {
			out = append(out, strings.ToLower(string(v[2])))
		}
	}
	for _, m := range captureRE.FindAllSubmatch(masked, -1) {
		name := m[1]
		if len(name) == 0 {
			name = m[2]
		}
		out = append(out, strings.ToLower(string(name)))
	}
	return out
}

// Envsubst finds an envsubst (or shell heredoc) placeholder in an nginx
// file: $NAME or ${NAME} in upper case that is no nginx variable. nginx
// compares variable names case-insensitively, so $HOST is $host; a name
// that is neither built in nor defined by the configuration (defined
// reports the lower-case names the tree defines) is "unknown variable" to
// nginx -t and can only be meant for a substitution before nginx reads
// the file. In a file named as a template (the nginx image's
// /etc/nginx/templates/*.template) envsubst is certain and built-in names
// count too: envsubst replaces ${HOSTNAME} before nginx sees $hostname.
func Envsubst(path string, data []byte, defined func(string) bool) *Match {
	generic := Generic(path)
	masked := mask(data, Nginx)
	for _, m := range varRE.FindAllSubmatchIndex(masked, -1) {
		open, name, close := masked[m[2]:m[3]], string(masked[m[4]:m[5]]), masked[m[6]:m[7]]
		if len(open) != len(close) || !upperRE.MatchString(name) || m[0] > 0 && masked[m[0]-1] == '\\' {
			continue
		}
		ls := bytes.LastIndexByte(masked[:m[0]], '\n') + 1
		if d := firstWord(masked[ls:m[0]]); d != strings.ToLower(d) {
			// naxsi's CheckRule "$SQL >= 8": a module's own syntax in
			// CamelCase directives, not nginx variables.
			continue
		}
		lower := strings.ToLower(name)
		if defined != nil && defined(lower) || !generic && Builtin(lower) {
			continue
		}
		line, col := position(data, m[0])
		return &Match{Desc: "an envsubst template", Token: string(masked[m[0]:m[1]]), Line: line, Col: col}
	}
	return nil
}

// Builtin reports whether name (lower case) is a variable nginx or one of
// its common modules provides, by name or by prefix ($http_*, $arg_*...).
// The list errs on the side of "built in": a miss keeps a template in
// the lint, a wrong hit would skip a real configuration.
func Builtin(name string) bool {
	for _, p := range builtinPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// builtinPrefixes cover nginx.org's alphabetical index of variables
// (each name, or the family: $http_*, $upstream_*, $ssl_*...) and
// OpenResty's; a prefix also covers every longer name, on purpose.
var builtinPrefixes = []string{
	"arg_", "cookie_", "http_", "sent_http_", "sent_trailer_", "upstream_", "ssl_", "geoip_", "geoip2_",
	"jwt_", "proxy_protocol_", "limit_", "uid_", "secure_link", "realip_", "tcpinfo_", "connection",
	"date_", "time_", "request", "server_", "remote_", "session_", "mqtt_", "otel_", "acme_",
	"proxy_", "fastcgi_", "gzip_", "spdy", "http2", "http3", "quic", "invalid_referer", "memcached_",
	"binary_", "bytes_", "body_", "content_", "document_", "msie", "modern_", "ancient_", "slice_",
	"status", "hostname", "host", "https", "is_args", "args", "uri", "scheme", "pid", "pipe",
	"nginx_version", "realpath_root", "query_string", "msec", "early_data", "protocol", "upstream",
	"ngx_", "lua_", "spiffe", "otel",
}
