package apache

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/edgelint/edgelint/lint"
)

// httpd has no trailing comments: in "ProxyTimeout 60 # seconds" the '#'
// and "seconds" are arguments (server/util.c ap_getword_conf), and what
// httpd then does depends on the directive. Most reject the line at start
// (apache2 -t); ITERATE and FLAG directives (ServerAlias, DirectoryIndex,
// KeepAlive On) and RewriteRule with flags take it silently. argChecks
// knows the directives whose rejection was verified with Debian's apache2
// 2.4.67 (sources/apache/trailing_test.go repeats each case against the
// real binary): each check returns httpd's message for the arguments, or
// "" when httpd accepts them or the case is not modelled. A trailing
// comment is reported only when its arguments are what makes httpd reject
// the line: the same line without them passes the check.

// argCheck returns httpd's error for a directive's arguments in a section
// (the innermost runtime section, lower case: "location", "proxy",
// "virtualhost"; "" at the top level), or "".
type argCheck func(args []string, section string) string

type argSpec struct {
	check argCheck
	// min and max are a TAKEn directive's argument counts (max 0: the
	// directive counts its arguments itself).
	min, max int
	msg      string
	// ownWords marks directives that split their arguments themselves
	// (mod_rewrite's parseargline treats backslashes differently): with a
	// backslash on the line the words may differ, so the check is skipped.
	ownWords bool
}

// commentStart returns the index of the first argument of line written
// unquoted with a leading '#', or -1.
func commentStart(line string) int {
	if !strings.Contains(line, "#") {
		return -1
	}
	for i, idx := 0, 0; ; idx++ {
		w, next, ok := getWord(line, i)
		if !ok {
			return -1
		}
		if line[w.off] == '#' {
			return idx
		}
		i = next
	}
}

// trailingComment reports a directive that httpd rejects because of a
// comment after it, at the '#'.
// Failing that, a TAKEn directive with a wrong number of arguments is
// httpd's "takes one argument" at the directive.
func (l *loader) trailingComment(n *Node, blocks []string) {
	if name, ok := flagDirectives[lowerName(n.Name)]; ok {
		// invoke_cmd's FLAG: the first word On or Off, later ones ignored.
		if len(n.Args) == 0 || !strings.EqualFold(n.Args[0], "on") && !strings.EqualFold(n.Args[0], "off") {
			l.errorf(countPos(n), "%s must be On or Off", name)
		}
		return
	}
	spec, ok := argChecks[lowerName(n.Name)]
	if !ok || l.commentError(n, blocks, spec) || spec.max == 0 {
		return
	}
	if !spec.countOK(n.Args) {
		l.errorf(countPos(n), "%s", spec.msg)
	}
}

// countPos is where httpd reports a directive's own error: the last
// physical line of a line continued with '\' (its line counter has read
// them all), at the directive or at the last argument on that line.
func countPos(n *Node) lint.Position {
	if n.Pos.EndLine <= n.Pos.Line {
		return n.Pos
	}
	for i := len(n.ArgPos) - 1; i >= 0; i-- {
		if n.ArgPos[i].Line == n.Pos.EndLine {
			p := n.ArgPos[i]
			p.EndLine = 0
			return p
		}
	}
	p := n.Pos
	p.Line, p.Col, p.EndLine = n.Pos.EndLine, 1, 0
	return p
}

// countOK is server/config.c invoke_cmd's TAKEn test: the required words
// present and not empty (a quoted "" is no argument there), none beyond max.
func (s argSpec) countOK(args []string) bool {
	if len(args) < s.min || len(args) > s.max {
		return false
	}
	for _, a := range args[:s.min] {
		if a == "" {
			return false
		}
	}
	return true
}

// commentError reports a directive httpd rejects because of its trailing
// comment, and whether it did.
func (l *loader) commentError(n *Node, blocks []string, spec argSpec) bool {
	k := commentStart(n.Line)
	if k <= 0 || k >= len(n.Args) {
		return false // no comment, or nothing before it (not a trailing comment)
	}
	if spec.ownWords && strings.Contains(n.Line, `\`) {
		return false
	}
	section := ""
	if len(blocks) > 0 {
		section = strings.ToLower(blocks[len(blocks)-1])
	}
	msg := spec.check(n.Args, section)
	if msg == "" || spec.check(n.Args[:k], section) != "" {
		return false
	}
	at := argPos(n, k)
	l.errorf(at, "%s (httpd has no comments after a directive: it reads %q as arguments; put the comment on a line of its own)",
		msg, clip(strings.Join(n.Args[k:], " "), 40))
	return true
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// take is the arity check of server/config.c invoke_cmd for TAKE1,
// TAKE12, TAKE2, TAKE23 and TAKE123 directives: canonical name, the
// counts, and the directive's help text, which httpd appends.
func take(name string, min, max int, help string) argSpec {
	var counts string
	switch {
	case min == 1 && max == 1:
		counts = "one argument"
	case min == 1 && max == 2:
		counts = "1-2 arguments"
	case min == 2 && max == 2:
		counts = "two arguments"
	case min == 2 && max == 3:
		counts = "two or three arguments"
	case min == 1 && max == 3:
		counts = "one, two or three arguments"
	default:
		panic("take: no httpd message for " + name)
	}
	s := argSpec{min: min, max: max, msg: name + " takes " + counts + ", " + help}
	s.check = func(args []string, _ string) string {
		if !s.countOK(args) {
			return s.msg
		}
		return ""
	}
	return s
}

// then runs a directive's own check after the arity check.
func (s argSpec) then(c argCheck) argSpec {
	first := s.check
	s.check = func(args []string, section string) string {
		if m := first(args, section); m != "" {
			return m
		}
		return c(args, section)
	}
	return s
}

func check(c argCheck) argSpec { return argSpec{check: c} }

var argChecks = map[string]argSpec{}

// flagDirectives are the FLAG directives edgelint reads (httpd's
// canonical spelling by lower-case name), verified with apache2 -t in
// arity_test.go.
var flagDirectives = map[string]string{}

func init() {
	for _, n := range []string{"KeepAlive", "ProxyPreserveHost", "ProxyRequests", "SSLProxyEngine",
		"ProxyAddHeaders", "RewriteEngine"} {
		flagDirectives[strings.ToLower(n)] = n
	}
}

func init() {
	for _, s := range []struct {
		name     string
		min, max int
		help     string
	}{
		// core
		{"AddDefaultCharset", 1, 1, "The name of the default charset to add to any Content-Type without one or 'Off' to disable"},
		{"AllowEncodedSlashes", 1, 1, "Allow URLs containing '/' encoded as '%2F'"},
		{"AuthName", 1, 1, `the authentication realm (e.g. "Members Only")`},
		{"AuthType", 1, 1, `an HTTP authorization type (e.g., "Basic")`},
		{"Define", 1, 2, "Define a variable, optionally to a value.  Same as passing -D to the command line."},
		{"DocumentRoot", 1, 1, "Root directory of the document tree"},
		{"EnableSendfile", 1, 1, "Controls whether sendfile may be used to transmit files"},
		{"ErrorDocument", 2, 2, "Change responses for HTTP errors"},
		{"ErrorLog", 1, 1, "The filename of the error log"},
		{"ErrorLogFormat", 1, 2, "Format string for the ErrorLog"},
		{"ForceType", 1, 1, "a mime type that overrides other configured type"},
		{"HostnameLookups", 1, 1, `"on" to enable, "off" to disable reverse DNS lookups, or "double" to enable double-reverse DNS lookups`},
		{"Include", 1, 1, "Name(s) of the config file(s) to be included; fails if the wildcard does not match at least one file"},
		{"IncludeOptional", 1, 1, "Name or pattern of the config file(s) to be included; ignored if the file does not exist or the pattern does not match any files"},
		{"KeepAliveTimeout", 1, 1, "Keep-Alive timeout duration (sec)"},
		{"LimitRequestBody", 1, 1, "Limit (in bytes) on maximum size of request message body"},
		{"LimitRequestFields", 1, 1, "Limit (0 = unlimited) on max number of header fields in a request message"},
		{"LimitRequestFieldsize", 1, 1, "Limit on maximum size of an HTTP request header field"},
		{"LimitRequestLine", 1, 1, "Limit on maximum size of an HTTP request line"},
		{"LimitXMLRequestBody", 1, 1, "Limit (in bytes) on maximum size of an XML-based request body"},
		{"MaxKeepAliveRequests", 1, 1, "Maximum number of Keep-Alive requests per connection, or 0 for infinite"},
		{"PidFile", 1, 1, "A file for logging the server process ID"},
		{"ServerAdmin", 1, 1, "The email address of the server administrator"},
		{"ServerName", 1, 1, "The hostname and port of the server"},
		{"ServerRoot", 1, 1, "Common directory of server-related files (logs, confs, etc.)"},
		{"ServerSignature", 1, 1, "En-/disable server signature (on|off|email)"},
		{"ServerTokens", 1, 1, "Determine tokens displayed in the Server: header - Min(imal), Major, Minor, Prod(uctOnly), OS, or Full"},
		{"SetHandler", 1, 1, "a handler name that overrides any other configured handler"},
		{"SetInputFilter", 1, 1, "filter (or ; delimited list of filters) to be run on the request body"},
		{"SetOutputFilter", 1, 1, "filter (or ; delimited list of filters) to be run on the request content"},
		{"Timeout", 1, 1, "Timeout duration (sec)"},
		{"TraceEnable", 1, 1, "'on' (default), 'off' or 'extended' to trace request body content"},
		{"UnDefine", 1, 1, "Undefine the existence of a variable. Undo a Define."},
		{"UseCanonicalName", 1, 1, "How to work out the ServerName : Port when constructing URLs"},
		// mod_so, mod_unixd, mod_mime, mod_log_config, mod_expires
		{"LoadModule", 2, 2, "a module name and the name of a shared object file to load it from"},
		{"User", 1, 1, "Effective user id for this server"},
		{"Group", 1, 1, "Effective group id for this server"},
		{"TypesConfig", 1, 1, "the MIME types config file"},
		{"LogFormat", 1, 2, "a log format string (see docs) and an optional format name"},
		{"ExpiresByType", 2, 2, "a MIME type followed by an expiry date code"},
		{"ExpiresDefault", 1, 1, "an expiry date code"},
		// mod_alias
		{"Alias", 1, 2, "a fakename and a realname, or a realname in a Location"},
		{"ScriptAlias", 1, 2, "a fakename and a realname, or a realname in a Location"},
		{"AliasMatch", 2, 2, "a regular expression and a filename"},
		{"ScriptAliasMatch", 2, 2, "a regular expression and a filename"},
		{"Redirect", 1, 3, "an optional status, then document to be redirected and destination URL"},
		{"RedirectMatch", 2, 3, "an optional status, then a regular expression and destination URL"},
		{"RedirectPermanent", 2, 2, "a document to be redirected, then the destination URL"},
		{"RedirectTemp", 2, 2, "a document to be redirected, then the destination URL"},
		// mod_env, mod_access_compat, mod_authn_file, mod_rewrite, mod_remoteip
		{"SetEnv", 1, 2, "an environment variable name and optional value to pass to CGI."},
		{"order", 1, 1, "'allow,deny', 'deny,allow', or 'mutual-failure'"},
		{"Satisfy", 1, 1, "access policy if both allow and require used ('all' or 'any')"},
		{"AuthUserFile", 1, 1, "text file containing user IDs and passwords"},
		{"RewriteBase", 1, 1, "the base URL of the per-directory context"},
		{"RemoteIPHeader", 1, 1, "Specifies a request header to trust as the client IP, e.g. X-Forwarded-For"},
		{"RemoteIPProxiesHeader", 1, 1, "Specifies a request header to record proxy IP's, e.g. X-Forwarded-By; if not given then do not record"},
		// mod_proxy, mod_proxy_fcgi
		{"ProxyTimeout", 1, 1, "Set the timeout (in seconds) for a proxied connection. This overrides the server timeout"},
		{"ProxyVia", 1, 1, "Configure Via: proxy header header to one of: on | off | block | full"},
		{"ProxyBadHeader", 1, 1, "How to handle bad header line in response: IsError | Ignore | StartBody"},
		{"ProxyIOBufferSize", 1, 1, "IO buffer size for outgoing HTTP and FTP connections in bytes"},
		{"ProxyPassReverseCookieDomain", 2, 3, "Domain rewrite rule for proxying cookies"},
		{"ProxyPassReverseCookiePath", 2, 3, "Path rewrite rule for proxying cookies"},
		{"ProxyFCGIBackendType", 1, 1, "Specify the type of FastCGI server: 'Generic', 'FPM'"},
		// mod_ssl
		{"SSLEngine", 1, 1, "SSL switch for the protocol engine ('on', 'off')"},
		{"SSLCertificateFile", 1, 1, "SSL Server Certificate file ('/path/to/file' - PEM or DER encoded)"},
		{"SSLCertificateKeyFile", 1, 1, "SSL Server Private Key file ('/path/to/file' - PEM or DER encoded)"},
		{"SSLCertificateChainFile", 1, 1, "SSL Server CA Certificate Chain file ('/path/to/file' - PEM encoded)"},
		{"SSLCACertificateFile", 1, 1, "SSL CA Certificate file ('/path/to/file' - PEM encoded)"},
		{"SSLCipherSuite", 1, 2, "Colon-delimited list of permitted SSL Ciphers, optional preceded by protocol identifier ('XXX:...:XXX' - see manual)"},
		{"SSLPassPhraseDialog", 1, 1, "SSL dialog mechanism for the pass phrase query ('builtin', '|/path/to/pipe_program', or 'exec:/path/to/cgi_program')"},
		{"SSLProxyCACertificateFile", 1, 1, "SSL Proxy: file containing server certificates ('/path/to/file' - PEM encoded certificates)"},
		{"SSLProxyVerify", 1, 1, "SSL Proxy: whether to verify the remote certificate ('on' or 'off')"},
		{"SSLSessionCache", 1, 1, "SSL Session Cache storage ('none', 'nonenotnull', 'dbm:/path/to/file')"},
		{"SSLSessionCacheTimeout", 1, 1, "SSL Session Cache object lifetime ('N' - number of seconds)"},
		{"SSLStaplingCache", 1, 1, "SSL Stapling Response Cache storage (`dbm:/path/to/file')"},
		{"SSLVerifyClient", 1, 1, "SSL Client verify type ('none', 'optional', 'require', 'optional_no_ca')"},
		{"SSLVerifyDepth", 1, 1, "SSL Client verify depth ('N' - number of intermediate certificates)"},
	} {
		argChecks[strings.ToLower(s.name)] = take(s.name, s.min, s.max, s.help)
	}

	argChecks["customlog"] = take("CustomLog", 2, 3, `a file name, a custom log format string or format name, and an optional "env=" or "expr=" clause (see docs)`).then(customLog)
	argChecks["proxypassreverse"] = take("ProxyPassReverse", 1, 3, "a virtual path and a URL for reverse proxy behaviour").then(proxyPassReverse)
	argChecks["proxypass"] = check(proxyPass(false))
	argChecks["proxypassmatch"] = check(proxyPass(true))
	argChecks["balancermember"] = check(balancerMember)
	argChecks["proxyset"] = check(proxySet)
	argChecks["proxyerroroverride"] = check(proxyErrorOverride)
	argChecks["header"] = check(header("Header"))
	argChecks["requestheader"] = check(header("RequestHeader"))
	argChecks["rewriterule"] = argSpec{check: rewriteFlags("RewriteRule"), ownWords: true}
	argChecks["rewritecond"] = argSpec{check: rewriteFlags("RewriteCond"), ownWords: true}
	argChecks["listen"] = check(listen)
	argChecks["require"] = check(require)
	argChecks["allow"] = check(allowDeny)
	argChecks["deny"] = check(allowDeny)
	argChecks["options"] = check(options)
	argChecks["allowoverride"] = check(allowOverride)
	argChecks["loglevel"] = check(logLevel)
	argChecks["sslprotocol"] = check(sslProtocol("SSLProtocol"))
	argChecks["sslproxyprotocol"] = check(sslProtocol("SSLProxyProtocol"))
	argChecks["ssloptions"] = check(sslOptions)
}

// customLog: mod_log_config add_custom_log's condition clause.
func customLog(args []string, _ string) string {
	if len(args) == 3 && !hasPrefixFold(args[2], "env=") && !hasPrefixFold(args[2], "expr=") {
		return "error in condition clause"
	}
	return ""
}

// proxyPassReverse: mod_proxy add_pass_reverse; a third argument other
// than "interpolate" is ignored.
func proxyPassReverse(args []string, section string) string {
	if inPathSection(section) && len(args) >= 2 {
		return "ProxyPassReverse can not have a path when defined in a location"
	}
	return ""
}

func inPathSection(section string) bool {
	return section == "location" || section == "locationmatch"
}

// proxyPass is mod_proxy add_pass's word loop: a path (the section's in a
// <Location>), a URL, then keywords and key=value parameters. Sections
// other than <Location> are not modelled (<Directory> and <Files> reject
// ProxyPass outright).
func proxyPass(regex bool) argCheck {
	return func(args []string, section string) string {
		if section != "" && section != "virtualhost" && !inPathSection(section) {
			return ""
		}
		inLoc := inPathSection(section)
		haveF, haveR := inLoc, false
		r := ""
		for _, w := range args {
			switch {
			case !haveF:
				if w == "~" {
					if regex {
						return "" // ProxyPassMatch's own '~' error, not a comment's
					}
					continue
				}
				haveF = true
			case !haveR:
				haveR, r = true, w
			case isProxyPassKeyword(w), strings.Contains(w, "="):
			default:
				if inLoc && strings.HasPrefix(r, "/") {
					return "ProxyPass|ProxyPassMatch can not have a path when defined in a location."
				}
				return "Invalid ProxyPass|ProxyPassMatch parameter. Parameter must be in the form 'key=value'."
			}
		}
		return ""
	}
}

func isProxyPassKeyword(w string) bool {
	for _, k := range []string{"nocanon", "interpolate", "noquery", "nomain"} {
		if strings.EqualFold(w, k) {
			return true
		}
	}
	return false
}

// balancerMember is mod_proxy add_member's word loop: words without '='
// are the balancer (given by an enclosing <Proxy>) and the member URL.
func balancerMember(args []string, section string) string {
	inProxy := section == "proxy" || section == "proxymatch"
	if section != "" && section != "virtualhost" && !inProxy {
		return ""
	}
	havePath, haveName := inProxy, false
	for _, w := range args {
		switch {
		case strings.Contains(w, "="):
		case !havePath:
			havePath = true
		case !haveName:
			haveName = true
		case inProxy:
			return "BalancerMember can not have a balancer name when defined in a location"
		default:
			return "Invalid BalancerMember parameter. Parameter must be in the form 'key=value'"
		}
	}
	return ""
}

// proxySet directly inside <Proxy>: every word is a key=value parameter.
// Outside one, the first word names a worker or balancer that must exist,
// which this check does not know.
func proxySet(args []string, section string) string {
	if section != "proxy" && section != "proxymatch" {
		return ""
	}
	for _, w := range args {
		if !strings.Contains(w, "=") {
			return "Invalid ProxySet parameter. Parameter must be in the form 'key=value'"
		}
	}
	return ""
}

// proxyErrorOverride: On or Off, then status codes.
func proxyErrorOverride(args []string, _ string) string {
	if len(args) == 0 || !strings.EqualFold(args[0], "on") && !strings.EqualFold(args[0], "off") {
		return ""
	}
	for _, w := range args[1:] {
		if strings.HasPrefix(w, "#") {
			return "ProxyErrorOverride: status codes to intercept must be numeric"
		}
	}
	return ""
}

// header is mod_headers header_cmd and header_inout_cmd (2.4.67: with
// setifempty and note). edit, edit* and echo compile regular expressions
// first and are not modelled.
func header(name string) argCheck {
	return func(args []string, _ string) string {
		if len(args) == 0 {
			return ""
		}
		action, rest := args[0], args[1:]
		if name == "Header" && (strings.EqualFold(action, "always") || strings.EqualFold(action, "onsuccess")) {
			if len(rest) == 0 {
				return ""
			}
			action, rest = rest[0], rest[1:]
		}
		if len(rest) > 4 {
			return name + " has too many arguments"
		}
		at := func(i int) (string, bool) {
			if i < len(rest) {
				return rest[i], true
			}
			return "", false
		}
		val, hasVal := at(1)
		subs, hasSubs := at(2)
		env, hasEnv := at(3)
		switch strings.ToLower(action) {
		case "set", "add", "append", "merge", "setifempty", "note", "unset":
		default:
			return ""
		}
		if hasEnv {
			return "Too many arguments to directive"
		}
		env, hasEnv = subs, hasSubs
		if strings.EqualFold(action, "unset") {
			if hasVal {
				if hasEnv {
					return "header unset takes two arguments"
				}
				env, hasEnv = val, true
			}
		} else if !hasVal {
			return ""
		}
		if !hasEnv || strings.EqualFold(env, "early") || hasPrefixFold(env, "env=") || hasPrefixFold(env, "expr=") {
			return ""
		}
		return "Unknown parameter: " + env
	}
}

// rewriteFlags: the third argument of RewriteRule and RewriteCond is the
// flags, which must be bracketed; later words are ignored.
func rewriteFlags(name string) argCheck {
	return func(args []string, _ string) string {
		if len(args) >= 3 && !(strings.HasPrefix(args[2], "[") && strings.HasSuffix(args[2], "]")) {
			return name + ": bad flag delimiters"
		}
		return ""
	}
}

// listen: an address and an optional protocol, at the top level only.
func listen(args []string, section string) string {
	if section == "" && len(args) > 2 {
		return "Listen requires 1 or 2 arguments."
	}
	return ""
}

// require: mod_authz_core passes the rest of the line to the provider.
// "all" wants exactly granted or denied; "ip" parses every word as an
// address. Require outside a directory-like section is not allowed at
// all, which is another error.
func require(args []string, section string) string {
	if section == "" || section == "virtualhost" || len(args) == 0 {
		return ""
	}
	if strings.EqualFold(args[0], "not") {
		args = args[1:]
	}
	if len(args) == 0 {
		return ""
	}
	switch strings.ToLower(args[0]) {
	case "all":
		if len(args) != 2 || !strings.EqualFold(args[1], "granted") && !strings.EqualFold(args[1], "denied") {
			return "Argument for 'Require all' must be 'granted' or 'denied'"
		}
	case "ip":
		for _, w := range args[1:] {
			if strings.HasPrefix(w, "#") {
				return "ip address '" + w + "' appears to be invalid"
			}
		}
	}
	return ""
}

// allowDeny: mod_access_compat refuses any '#' in a host or address.
func allowDeny(args []string, section string) string {
	if section == "" || section == "virtualhost" || len(args) < 2 || !strings.EqualFold(args[0], "from") {
		return ""
	}
	for _, w := range args[1:] {
		if strings.Contains(w, "#") {
			return "No comments are allowed here"
		}
	}
	return ""
}

// options is core set_options.
func options(args []string, _ string) string {
	const mix = "Either all Options must start with + or -, or no Option may."
	first, merge, allNone := true, false, false
	for _, w := range args {
		action := byte(0)
		if w != "" && (w[0] == '+' || w[0] == '-') {
			action, w = w[0], w[1:]
			if !merge && !first && !allNone {
				return mix
			}
			merge = true
		} else if !first && merge {
			return mix
		}
		switch strings.ToLower(w) {
		case "indexes", "includes", "includesnoexec", "followsymlinks", "symlinksifownermatch", "execcgi", "multiviews", "runscripts":
		case "none", "all":
			if !first || action != 0 {
				return "" // httpd's own None/All errors
			}
			allNone = true
		default:
			return "Illegal option " + w
		}
		first = false
	}
	return ""
}

// allowOverride is core set_override, in a <Directory>.
func allowOverride(args []string, section string) string {
	if section != "directory" && section != "directorymatch" {
		return ""
	}
	for _, w := range args {
		k, _, _ := strings.Cut(w, "=")
		switch strings.ToLower(k) {
		case "limit", "options", "fileinfo", "authconfig", "indexes", "nonfatal", "none", "all":
		default:
			return "Illegal override option " + k
		}
	}
	return ""
}

// logLevel: a level, or module:level pairs.
func logLevel(args []string, _ string) string {
	for _, w := range args {
		if strings.HasPrefix(w, "#") && !strings.Contains(w, ":") {
			return "Log level keyword must be one of emerg/alert/crit/error/warn/notice/info/debug/trace1/.../trace8"
		}
	}
	return ""
}

func sslProtocol(name string) argCheck {
	return func(args []string, _ string) string {
		for _, w := range args {
			if strings.HasPrefix(w, "#") {
				return fmt.Sprintf("%s: Illegal protocol '%s'", name, w)
			}
		}
		return ""
	}
}

func sslOptions(args []string, _ string) string {
	for _, w := range args {
		if strings.HasPrefix(w, "#") {
			return "SSLOptions: Illegal option '" + w + "'"
		}
	}
	return ""
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// CountsArguments reports whether the loader repeats httpd's argument
// count ("takes one argument") or On/Off error for the directive name.
func CountsArguments(name string) bool {
	_, flag := flagDirectives[lowerName(name)]
	return flag || argChecks[lowerName(name)].max > 0
}
