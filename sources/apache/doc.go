// Package apache reads Apache httpd 2.4 configuration into edgelint's
// common model.
//
// # Reading files
//
// Files are read the way httpd reads them (server/util.c, server/config.c):
// a line ending in a backslash continues on the next one; only a line whose
// first non-blank character is '#' is a comment (a '#' after a directive is
// an argument, so suppressions go on the line above); words follow
// ap_getword_conf (double or single quotes, backslash escapes the quote and
// itself, an unterminated quote runs to the end of the line); directive and
// section names are case-insensitive; a section must close in the file that
// opens it. Errors use httpd's wording: "<VirtualHost> was not closed.",
// "</Location> without matching <Location> section", "Expected </Location>
// but saw </VirtualHost>". The rest of a closing line is ignored, as httpd
// ignores it ("</VirtualHost> </IfModule>" closes only the VirtualHost).
//
// httpd has no trailing comments: "ProxyTimeout 60 # seconds" gives
// ProxyTimeout three arguments. Where httpd rejects such a line at start
// (apache2 -t), the loader reports it with httpd's message at the '#'
// ("ProxyTimeout takes one argument, …", "Invalid ProxyPass|ProxyPassMatch
// parameter. Parameter must be in the form 'key=value'."): the TAKE1/
// TAKE12/TAKE2/TAKE23/TAKE123 directives of core, mod_proxy, mod_ssl,
// mod_alias, mod_log_config and others, ProxyPass/ProxyPassMatch,
// BalancerMember, ProxySet in <Proxy>, Header/RequestHeader, RewriteRule/
// RewriteCond without flags, Listen, Require all/ip, Allow/Deny, Options,
// AllowOverride, LogLevel, SSLProtocol, SSLOptions — each case checked
// against Debian's apache2 2.4.67. Directives that take the words
// silently (ServerAlias, DirectoryIndex, KeepAlive On, RewriteRule with
// flags, Require host) are not reported; a ServerAlias's comment words are
// left out of the site's names. Without a comment, the same TAKEn
// directives with a wrong number of arguments ("ProxyTimeout 5 6") are
// httpd's "takes one argument" at the directive, on the last physical line
// of a continued one, and KeepAlive, ProxyPreserveHost, ProxyRequests,
// SSLProxyEngine, ProxyAddHeaders and RewriteEngine must be On or Off.
//
// Directives httpd executes while reading (EXEC_ON_READ) are executed in
// order here too: Define/UnDefine and ${VAR} substitution, ServerRoot,
// LoadModule, Include/IncludeOptional, <IfModule>, <IfDefine>,
// <IfVersion>, <Macro>/Use (mod_macro). Conditional sections vanish from
// the effective tree; Directive.Blocks lists only the sections that scope
// configuration at run time (<VirtualHost>, <Location>, <Directory>,
// <Proxy>, <If>…).
//
// # Include and ServerRoot
//
// Include and IncludeOptional take a file, a directory (every file below
// it, sorted by name, dot files included, as httpd does) or an fnmatch
// pattern with wildcards in any path component (names starting with '.'
// match only a pattern that starts with '.'). Relative paths resolve
// against ServerRoot as it stands when the Include is read. A missing
// Include target, a wildcard without matches or an unreadable directory is
// a load error at the Include's file:line:col; IncludeOptional ignores
// them. Include cycles and nesting deeper than Limits.MaxIncludeDepth are
// errors.
//
// A fragment's ServerRoot is unknown: its relative Include paths resolve
// against the nearest directory at or above the fragment where they exist,
// and one that exists nowhere is not an error (the tree that includes the
// fragment decides).
// Its absolute Include paths are read from the repository when a
// directory at or above the fragment is named like one of the path's and
// holds the rest of it (…/etc/apache2/vhost-templates/x.conf for
// /etc/apache2/vhost-templates/x.conf, …/etc/httpd/global.conf for
// /opt/docker/etc/httpd/global.conf): the repository's layout is the
// image's, and the linting machine's /etc belongs to another server.
//
// An Include whose path still names a ${VAR} after Define substitution
// (snapd's ${SNAP}, a container's variables) and does not exist depends
// on httpd's environment, which the linter does not have: it is a notice,
// not a missing file (an error with input.Options.StrictIncludes). A
// ServerRoot from the environment is likewise unknown and ignored.
//
// Debian's apache2.conf includes ports.conf, which the apache2 package
// installs: a repository that ships apache2.conf alone, to put over the
// package's, does not hold it. Its absence is a notice (Listen ports
// unknown) rather than a missing file, unless StrictIncludes.
//
// ServerRoot is honoured when it contains the entry file. Otherwise (the
// entry is a repository copy of /etc/apache2 or /etc/httpd, or the host's
// own ServerRoot holds a different configuration) the files are read from
// the checkout: the nearest ancestor of the entry named like the configured
// ServerRoot (…/httpd for /etc/httpd), else the parent of a RHEL conf/
// directory, else the entry's directory. Absolute Include paths under the
// configured ServerRoot are read from there too. input.Options.Mappings
// take precedence over all of this. Without ServerRoot the same rules apply
// with the entry's directory as the root; for Debian's apache2.conf the
// compiled-in ServerRoot /etc/apache2 is the configured one, so absolute
// /etc/apache2/… paths and ${APACHE_CONFDIR} (envvars' default) read the
// checkout too.
//
// A file whose whole content is a relative path to an existing file is a
// symbolic link that git checked out as text (core.symlinks=false) and is
// followed like the link; httpd would reject such a line, so no valid
// configuration is misread.
//
// # Variables and modules
//
// ${VAR} is replaced by Define'd values before a line is split into words.
// Undefined variables (Debian's ${APACHE_LOG_DIR}, ${APACHE_RUN_USER}…,
// which /etc/apache2/envvars sets) stay as written, as httpd keeps them
// with warning AH00111; the linter's own environment is not consulted.
//
// <IfDefine NAME> is true for a name defined so far with Define (and not
// UnDefine'd) or given in input.Options.ApacheDefines (--define NAME,
// apache.defines in .edgelint.yaml), which stand for httpd's -D NAME: a
// name the service starts httpd with is otherwise unknown, and its
// sections are skipped as httpd without -D skips them.
//
// <IfModule> is evaluated against the modules loaded so far with
// LoadModule (both the mod_proxy.c and the proxy_module forms, and `!`)
// plus the built-in ones:
//   - main file apache2.conf (Debian, Ubuntu; `apache2 -l`): core.c,
//     mod_so.c, mod_watchdog.c, http_core.c, mod_log_config.c, mod_logio.c,
//     mod_version.c, mod_unixd.c;
//   - any other main file (RHEL/Fedora httpd, the official httpd image,
//     a source build): core.c, mod_so.c, http_core.c.
//
// <IfVersion> is evaluated against httpd 2.4.62 (Debian 12), which is also
// Product.Version, marked VersionAssumed. <IfFile>, <IfDirective>
// and <IfSection> describe the host the server runs on and are taken as
// true.
//
// # Entry points and fragments
//
// Sniff returns 2 for apache2.conf and httpd.conf with ServerRoot,
// LoadModule or Include lines (Debian: apache2.conf, ports.conf,
// mods-enabled/*.load and *.conf, sites-enabled/; RHEL: httpd.conf,
// conf.modules.d/, conf.d/ — both load from their main file), 1 for other
// Apache files (a site with <VirtualHost>, an .htaccess), 0 for nginx and
// JSON. A file loaded on its own without being a main file is a Fragment:
// its modules are unknown (Product.Modules is nil), <IfModule X> is taken
// as true and <IfModule !X> as false, and rules that need the whole tree
// skip it.
//
// # The model
//
// Every <VirtualHost> is a Site (ServerName/ServerAlias, its addresses as
// Listeners, with the Listen ports for an address without a port, SSLEngine
// for TLS, the first vhost of an address:port as its default); the main
// server is a Site too when it proxies (its routes are merged into every
// vhost by httpd; the model keeps them once, on the main site). Routes come
// from ProxyPass (with the one-argument form inside <Location>; `!`
// exclusions make no route), ProxyPassMatch, RewriteRule [P] and SetHandler
// "proxy:…" (unix:/path|fcgi://host for PHP-FPM). Worker parameters are
// kept in Target.Params, with those of ProxySet in a matching <Proxy URL>
// section (ProxyPass's own win). ProxyPreserveHost may be set per
// directory; SSLProxy* may be set in a <Proxy> section (2.4.30+). Access
// rules (Require ip/all, Allow/Deny from) of <Location "/">, <Proxy "*">
// and the DocumentRoot's <Directory> are the site's; a route adds those of
// its own sections. Protocols h2/h2c marks listeners HTTP2. Timeouts follow httpd: timeout= else ProxyTimeout
// else Timeout (60s); connectiontimeout= else the same; ttl= is the idle
// limit. Balancers (<Proxy balancer://x> with BalancerMember and ProxySet)
// are Upstreams with the mod_proxy_hcheck parameters as HealthCheck. For a
// balancer route the members' timeouts apply (a balancer's own timeout= is
// how long to wait for a free member): the shortest member timeout is the
// route's.
//
// What clients get when a backend fails differs from nginx, which rules
// must say: mod_proxy_http reports a backend that does not answer within
// the timeout as 502 (AH01102 "error reading status line"), not 504;
// mod_proxy_fcgi reports it as 504 (AH01075); a refused connection is 503
// (AH01114), an https:// backend without SSLProxyEngine 500 (AH01961), a
// failed handshake or peer-name check 500 (AH00898), a balancer without
// members 503 (AH01171), a worker URL with an invalid port 400 (AH01083) —
// all seen on Debian's 2.4.71.
//
// Defaults (httpd 2.4 docs): Timeout 60, ProxyTimeout = Timeout,
// KeepAlive On, KeepAliveTimeout 5, ProxyPreserveHost Off, SSLProxyEngine
// off, SSLProxyCheckPeerName on, SSLProxyVerify none, retry=60,
// responsefieldsize=8192, lbmethod=byrequests, hcmethod=None,
// hcinterval=30, hcfails=1, hcpasses=1.
package apache
