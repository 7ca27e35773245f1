package reach

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/internal/modproxy"
)

// mod_proxy builds the backend URL by appending what follows the matched
// path to the URL as written (proxy_trans: real + the rest of the URI), so
// a slash on one side only either glues the rest to the URL or doubles a
// slash. Both were checked against Debian's apache2 2.4.67.

//go:embed docs/apache-proxypass-url-glued.md
var proxyPassGluedDoc string

// ApacheProxyPassURLGlued: the path ends with a slash and the URL does not;
// the rest of each request path is glued to the URL's host (500, AH00898
// DNS lookup failure) or to its last path segment.
var ApacheProxyPassURLGlued = &lint.Rule{
	ID:       "EL1104",
	Name:     "apache-proxypass-url-glued",
	Category: lint.CategoryReachability,
	Title:    "ProxyPass path ends with a slash and the URL does not",
	Doc:      proxyPassGluedDoc,
	Severity: lint.Error,
	Sources:  []lint.SourceKind{lint.Apache},
	Check: func(p *lint.Pass) error {
		done := modproxy.Seen{}
		for _, a := range apachePasses(p.Config) {
			host, path, ok := slashCandidate(a)
			if !ok || !strings.HasSuffix(a.path, "/") || strings.HasSuffix(a.target, "/") || !done.First(a.pos()) {
				continue
			}
			below := fmt.Sprintf("every request below %s except %s itself", a.path, a.path)
			if path == "" {
				log := fmt.Sprintf("AH00898: DNS lookup failure for: %sindex.html", host)
				if strings.HasPrefix(strings.ToLower(a.target), "balancer://") {
					log = fmt.Sprintf("AH01144: No protocol handler was valid for the URL %sindex.html (scheme 'balancer'): balancer://%sindex.html names no balancer", a.path, host)
				}
				p.Report(a.pos(), fmt.Sprintf("%s: the path ends with a slash and the URL does not, so httpd glues the rest of the request path to %s (%sindex.html for %sindex.html) → 500 for %s (%s)",
					a.text(), host, host, a.path, below, log))
				continue
			}
			seg := path[strings.LastIndexByte(path, '/')+1:]
			p.Report(a.pos(), fmt.Sprintf("%s: the path ends with a slash and the URL does not, so httpd glues the rest of the request path to %s (%sindex.html reaches the backend as %sindex.html) → %s gets a path the backend does not serve (404, or the wrong page)",
				a.text(), seg, a.path, path, below))
		}
		return nil
	},
}

//go:embed docs/apache-proxypass-double-slash.md
var proxyPassDoubleSlashDoc string

// ApacheProxyPassDoubleSlash: the URL ends with a slash and the path does
// not; every request below the path reaches the backend with a doubled
// slash. Many backends merge slashes (nginx, Go's ServeMux redirect), so
// this is an info.
var ApacheProxyPassDoubleSlash = &lint.Rule{
	ID:       "EL1105",
	Name:     "apache-proxypass-double-slash",
	Category: lint.CategoryReachability,
	Title:    "ProxyPass URL ends with a slash and the path does not",
	Doc:      proxyPassDoubleSlashDoc,
	Severity: lint.Info,
	Sources:  []lint.SourceKind{lint.Apache},
	Check: func(p *lint.Pass) error {
		done := modproxy.Seen{}
		for _, a := range apachePasses(p.Config) {
			_, _, ok := slashCandidate(a)
			if !ok || !requestLineScheme(a.target) || strings.HasSuffix(a.path, "/") || !strings.HasSuffix(a.target, "/") || !done.First(a.pos()) {
				continue
			}
			p.Report(a.pos(), fmt.Sprintf("%s: the URL ends with a slash and the path does not, so %s/index.html reaches the backend as %sindex.html with a doubled slash → backends that do not merge slashes answer 404 for every request below %s",
				a.text(), a.path, strings.TrimSuffix(a.target, "/")+"//", a.path))
		}
		return nil
	},
}

// requestLineScheme reports a worker URL whose path httpd sends on an
// HTTP request line as it builds it (mod_proxy_http, mod_proxy_wstunnel,
// and balancers, which pass it on to their members: seen with
// apache2 2.4.67). The FastCGI, uwsgi, SCGI and AJP handlers hand the
// application the path in their own variables, where what a doubled slash
// does was not verified.
func requestLineScheme(target string) bool {
	if i := strings.IndexByte(target, '|'); i >= 0 && strings.HasPrefix(strings.ToLower(target), "unix:") {
		target = target[i+1:]
	}
	scheme, _, _ := strings.Cut(strings.ToLower(target), "://")
	switch scheme {
	case "http", "https", "ws", "wss", "h2", "h2c", "balancer":
		return true
	}
	return false
}

// slashCandidate returns the host part and the path of a's URL when a is
// a prefix ProxyPass to a URL whose concatenation is known: not a
// pattern, not an exclusion, no query string or variable in the URL.
func slashCandidate(a apachePass) (host, path string, ok bool) {
	if a.regex || a.exclusion() || a.path == "" || strings.ContainsAny(a.target, "?$%") {
		return "", "", false
	}
	s := a.target
	if strings.HasPrefix(strings.ToLower(s), "unix:") {
		// The socket is where httpd connects; the URL after '|' is what
		// it builds the request from, host included.
		_, rest, found := strings.Cut(s, "|")
		if !found {
			return "", "", false
		}
		s = rest
	}
	_, rest, found := strings.Cut(s, "://")
	if !found || rest == "" {
		return "", "", false
	}
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		return rest[:i], rest[i:], true
	}
	return rest, "", true
}
