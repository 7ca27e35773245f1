package apache

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
)

// apacheWords are directive names that only Apache configurations start
// lines with (compared case-insensitively, as httpd does).
var apacheWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`ServerRoot ServerName ServerAlias ServerAdmin DocumentRoot LoadModule
		Include IncludeOptional Listen NameVirtualHost ProxyPass ProxyPassReverse ProxyPassMatch
		ProxyPreserveHost ProxyRequests ProxyTimeout BalancerMember ProxySet RewriteEngine RewriteRule
		RewriteCond RewriteBase RewriteMap Header RequestHeader SSLEngine SSLCertificateFile
		SSLCertificateKeyFile SSLProxyEngine SSLProtocol SSLCipherSuite Options AllowOverride Require
		Order Allow Deny ErrorLog CustomLog LogFormat LogLevel AddType AddHandler AddDefaultCharset
		AddOutputFilterByType AddOutputFilter SetHandler SetEnv SetEnvIf SetEnvIfNoCase BrowserMatch ExpiresActive
		ExpiresByType ExpiresDefault DirectoryIndex ErrorDocument Redirect RedirectMatch Alias AliasMatch
		ScriptAlias Timeout KeepAlive KeepAliveTimeout MaxKeepAliveRequests PidFile Mutex
		HostnameLookups AccessFileName FileETag ServerTokens ServerSignature TraceEnable Define
		UseCanonicalName Protocols AddCharset AddLanguage AddEncoding DefaultType TypesConfig Use
		FallbackResource LimitRequestBody AuthType AuthName AuthUserFile Satisfy DirectorySlash`) {
		apacheWords[strings.ToLower(w)] = true
	}
}

var mainWords = regexp.MustCompile(`(?im)^[ \t]*(ServerRoot|LoadModule|Include|IncludeOptional)[ \t]`)

// Sniff tells an Apache file from its name and first bytes: 2 for a main
// configuration (apache2.conf or httpd.conf with ServerRoot, LoadModule or
// Include lines), 1 for a fragment (a site file with <VirtualHost>, a
// snippet of Apache directives, an .htaccess), 0 for anything else (nginx's
// `;`/`{` syntax, JSON).
func Sniff(path string, head []byte) int {
	t := bytes.TrimLeft(head, " \t\r\n\ufeff")
	if len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		return 0
	}
	var apache, nginx int
	for _, line := range strings.Split(string(head), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		if strings.HasSuffix(line, ";") || strings.HasSuffix(line, "{") || line == "}" {
			nginx++
			continue
		}
		if line[0] == '<' && len(line) > 1 && (line[1] == '/' || isLetter(line[1])) {
			apache++
			continue
		}
		first := line
		if i := strings.IndexAny(line, " \t"); i >= 0 {
			first = line[:i]
		}
		if apacheWords[strings.ToLower(first)] {
			apache++
		}
	}
	base := strings.ToLower(filepath.Base(path))
	if base == ".htaccess" && nginx == 0 {
		return 1 // only Apache reads these, whatever directives they hold
	}
	if apache == 0 || nginx >= apache {
		return 0
	}
	if (base == "apache2.conf" || base == "httpd.conf") && mainWords.Match(head) {
		return 2
	}
	return 1
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
