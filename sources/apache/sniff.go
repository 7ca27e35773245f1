package apache

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
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
		FallbackResource LimitRequestBody AuthType AuthName AuthUserFile Satisfy DirectorySlash
		RemoteIPHeader RemoteIPTrustedProxy RemoteIPInternalProxy RequestReadTimeout ProxyAddHeaders
		ProxyErrorOverride ProxyVia ProxyPassReverseCookieDomain ProxyPassReverseCookiePath
		SSLCertificateChainFile SSLHonorCipherOrder SSLProxyVerify SSLProxyCheckPeerName
		SSLProxyCheckPeerCN SSLUseStapling SSLSessionCache SSLCompression LimitRequestFieldSize
		IndexIgnore IndexOptions IndexOrderDefault HeaderName ReadmeName AddIcon AddIconByType
		DefaultIcon php_value php_flag php_admin_value php_admin_flag`) {
		apacheWords[strings.ToLower(w)] = true
	}
	for _, w := range strings.Fields(`VirtualHost Directory DirectoryMatch Files FilesMatch Location
		LocationMatch IfModule IfDefine IfVersion IfFile IfSection IfDirective If ElseIf Else Proxy
		ProxyMatch Limit LimitExcept RequireAll RequireAny RequireNone Macro AuthnProviderAlias
		AuthzProviderAlias MDomain MDomainSet ManagedDomain Perl`) {
		sections[strings.ToLower(w)] = true
	}
}

// sections are httpd's section names (core and the common modules); any
// other <tag> is HTML, not Apache.
var sections = map[string]bool{}

// section returns the name of the <Tag or </Tag a line starts with,
// lower case; appended to buf when it has room.
func section(line, buf []byte) []byte {
	name := bytes.TrimPrefix(line[1:], []byte("/"))
	end := 0
	for end < len(name) && isLetter(name[end]) {
		end++
	}
	return lower(name[:end], buf)
}

// lower is bytes.ToLower into buf (a stack array at the callers, so the
// sniffer allocates nothing), or a new slice when it holds non-ASCII
// (whose lower case may be ASCII: the Kelvin sign is a 'k') or buf is
// too short.
func lower(b, buf []byte) []byte {
	if len(b) > cap(buf) {
		return bytes.ToLower(b)
	}
	out := buf[:0]
	for _, c := range b {
		if c >= 0x80 {
			return bytes.ToLower(b)
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		out = append(out, c)
	}
	return out
}

var mainWords = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?im)^[ \t]*(ServerRoot|LoadModule|Include|IncludeOptional)[ \t]`)
})

// Sniff tells an Apache file from its name and first bytes: 2 for a main
// configuration (apache2.conf or httpd.conf with ServerRoot, LoadModule or
// Include lines), 1 for a fragment (a site file with <VirtualHost>, a
// snippet of Apache directives, an .htaccess), 0 for anything else (nginx's
// `;`/`{` syntax, JSON, an HTML page whose tags are no httpd section).
// Discovery asks it about every file of a tree: it reads the head in
// place and allocates nothing.
func Sniff(path string, head []byte) int {
	t := bytes.TrimLeft(head, " \t\r\n\ufeff")
	if len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		return 0
	}
	var apache, nginx, html int
	var buf [64]byte
	for line := range bytes.Lines(head) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		if last := line[len(line)-1]; last == ';' || last == '{' || len(line) == 1 && last == '}' {
			nginx++
			continue
		}
		if line[0] == '<' && len(line) > 1 && (line[1] == '/' || isLetter(line[1])) {
			if sections[string(section(line, buf[:]))] {
				apache++
			} else {
				html++ // <html>, <div>: a page, not a section
			}
			continue
		}
		if bytes.HasPrefix(line, []byte("<!")) {
			html++ // <!DOCTYPE html>, <!-- -->
			continue
		}
		first := line
		if i := bytes.IndexAny(line, " \t"); i >= 0 {
			first = line[:i]
		}
		if apacheWords[string(lower(first, buf[:]))] {
			apache++
		}
	}
	base := strings.ToLower(filepath.Base(path))
	if base == ".htaccess" && nginx == 0 {
		return 1 // only Apache reads these, whatever directives they hold
	}
	if apache == 0 || nginx >= apache || html >= apache {
		return 0
	}
	if (base == "apache2.conf" || base == "httpd.conf") && mainWords().Match(head) {
		return 2
	}
	return 1
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
