package apache

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// tree writes files (path → content) under a temp dir and returns it.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func load(t *testing.T, entry string, opts ...input.Options) (*lint.Config, []lint.LoadError) {
	t.Helper()
	var o input.Options
	if len(opts) > 0 {
		o = opts[0]
	}
	cfgs, errs := Load(entry, o)
	return cfgs[0], errs
}

func names(cfg *lint.Config, directive string) []string {
	var out []string
	for _, d := range cfg.Directives {
		if strings.EqualFold(d.Name, directive) {
			out = append(out, strings.Join(d.Args, " "))
		}
	}
	return out
}

func errorStrings(errs []lint.LoadError, base string) []string {
	var out []string
	for _, e := range errs {
		out = append(out, strings.ReplaceAll(e.Error(), base+string(filepath.Separator), ""))
	}
	return out
}

func TestIncludeErrorsAndOptional(t *testing.T) {
	dir := tree(t, map[string]string{
		"httpd.conf": "LoadModule x_module m.so\n" +
			"Include missing.conf\n" +
			"IncludeOptional missing.conf\n" +
			"Include conf.d/*.nomatch\n" +
			"IncludeOptional conf.d/*.nomatch\n" +
			"Include nodir/*.conf\n" +
			"IncludeOptional nodir/*.conf\n" +
			"  Include   conf.d/a.conf\n",
		"conf.d/a.conf": "ServerAdmin a@example.com\n",
	})
	cfg, errs := load(t, filepath.Join(dir, "httpd.conf"))
	got := errorStrings(errs, dir)
	if len(got) != 3 || !strings.HasSuffix(got[0], "No such file or directory") || !strings.HasPrefix(got[0], "httpd.conf:2:9: Could not open configuration file") ||
		!strings.HasPrefix(got[1], "httpd.conf:4:9: Include/IncludeOptional: No matches for the wildcard '*.nomatch'") ||
		!strings.HasPrefix(got[2], "httpd.conf:6:9: Include/IncludeOptional: Could not open directory") {
		t.Errorf("errors:\n%s", strings.Join(got, "\n"))
	}
	if got := names(cfg, "ServerAdmin"); len(got) != 1 {
		t.Errorf("conf.d/a.conf read %d times", len(got))
	}
}

func TestIncludeOrderGlobsDirectoriesAndDotFiles(t *testing.T) {
	dir := tree(t, map[string]string{
		"apache2.conf":          "Include mods/*.load\nInclude sites/\nInclude vhosts/*/site.conf\n",
		"mods/b.load":           "Marker mods-b\n",
		"mods/a.load":           "Marker mods-a\n",
		"mods/.c.load":          "Marker mods-hidden\n",
		"mods/d.conf":           "Marker mods-d\n",
		"sites/z.conf":          "Marker sites-z\n",
		"sites/.dot":            "Marker sites-dot\n",
		"sites/sub/y":           "Marker sites-sub-y\n",
		"vhosts/one/site.conf":  "Marker vhost-one\n",
		"vhosts/.two/site.conf": "Marker vhost-hidden\n",
	})
	cfg, errs := load(t, filepath.Join(dir, "apache2.conf"))
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	// Wildcards skip dot files; a directory include reads them (httpd
	// strips only . and ..), in strcmp order, depth first.
	want := []string{"mods-a", "mods-b", "sites-dot", "sites-sub-y", "sites-z", "vhost-one"}
	if got := names(cfg, "Marker"); !reflect.DeepEqual(got, want) {
		t.Errorf("read %q, want %q", got, want)
	}
}

func TestIncludeCycleAndDepth(t *testing.T) {
	dir := tree(t, map[string]string{
		"httpd.conf": "Include a.conf\n",
		"a.conf":     "Include b.conf\n",
		"b.conf":     "Include a.conf\n",
	})
	_, errs := load(t, filepath.Join(dir, "httpd.conf"))
	if len(errs) != 1 || !strings.Contains(errs[0].Message, "include cycle: ") || !strings.HasSuffix(errs[0].Pos.File(), "b.conf") || errs[0].Pos.Line != 1 {
		t.Errorf("errors: %v", errs)
	}
	deep := map[string]string{"httpd.conf": "Include d1.conf\n"}
	for i := 1; i < 10; i++ {
		deep["d"+strconv.Itoa(i)+".conf"] = "Include d" + strconv.Itoa(i+1) + ".conf\n"
	}
	deep["d10.conf"] = "ServerAdmin a@example.com\n"
	dir = tree(t, deep)
	_, errs = load(t, filepath.Join(dir, "httpd.conf"), input.Options{Limits: input.Limits{MaxIncludeDepth: 4, MaxFiles: 100, MaxFileSize: 1 << 20, MaxLineLength: 1 << 16}})
	if len(errs) != 1 || !strings.Contains(errs[0].Message, "maximum include depth of 4") {
		t.Errorf("errors: %v", errs)
	}
}

func TestServerRootStandInAndMappings(t *testing.T) {
	// A repository copy of a RHEL tree: ServerRoot /etc/httpd does not
	// hold it; conf/ sits beside conf.d.
	dir := tree(t, map[string]string{
		"httpd/conf/httpd.conf":              "ServerRoot \"/nonexistent-edgelint/etc/httpd\"\nInclude conf.modules.d/*.conf\nInclude /nonexistent-edgelint/etc/httpd/conf.d/abs.conf\nInclude /srv/shared/extra.conf\n",
		"httpd/conf.modules.d/00-proxy.conf": "LoadModule proxy_module modules/mod_proxy.so\n",
		"httpd/conf.d/abs.conf":              "Marker abs\n",
		"shared/extra.conf":                  "Marker mapped\n",
	})
	cfg, errs := load(t, filepath.Join(dir, "httpd/conf/httpd.conf"), input.Options{Mappings: []input.Mapping{{From: "/srv/shared", To: filepath.Join(dir, "shared")}}})
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	if got := names(cfg, "Marker"); !reflect.DeepEqual(got, []string{"abs", "mapped"}) {
		t.Errorf("read %q", got)
	}
	if !cfg.Product.Modules["proxy_module"] || !cfg.Product.Modules["mod_proxy.c"] {
		t.Errorf("modules: %v", cfg.Product.Modules)
	}
}

func TestSymlinkStandIn(t *testing.T) {
	dir := tree(t, map[string]string{
		"apache2.conf":                "IncludeOptional sites-enabled/*.conf\n",
		"sites-available/app.conf":    "<VirtualHost *:80>\nServerName app.example.com\n</VirtualHost>\n",
		"sites-enabled/app.conf":      "../sites-available/app.conf\n",
		"sites-enabled/dangling.conf": "../sites-available/gone.conf\n",
	})
	cfg, errs := load(t, filepath.Join(dir, "apache2.conf"))
	if len(cfg.Sites) != 1 || cfg.Sites[0].Names[0].Value != "app.example.com" {
		t.Fatalf("sites: %+v", cfg.Sites)
	}
	if !strings.HasSuffix(cfg.Sites[0].Pos.File(), "sites-available/app.conf") {
		t.Errorf("site positioned at %v, want the link's target", cfg.Sites[0].Pos)
	}
	// A stand-in whose target is missing is read as what it is: one
	// (unknown) directive, no error.
	if len(errs) != 0 {
		t.Errorf("errors: %v", errs)
	}
}

func TestConditionalsDefinesAndMacros(t *testing.T) {
	dir := tree(t, map[string]string{
		"apache2.conf": `<IfModule proxy_module>
Marker before-load
</IfModule>
LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so
<IfModule mod_proxy.c>
Marker proxy-c
</IfModule>
<IfModule !mod_proxy.c>
Marker not-proxy
</IfModule>
<IfModule mod_log_config.c>
Marker builtin-debian
</IfModule>
Define site_dir sites
Include ${site_dir}/*.conf
<IfDefine !NOPE>
Marker ifdefine
</IfDefine>
<IfVersion >= 2.4>
Marker ifversion
</IfVersion>
<IfVersion < 2.2>
Marker old
</IfVersion>
<Macro VHost $name $port>
<VirtualHost *:$port>
ServerName $name
ProxyPass / http://127.0.0.1:8080/
</VirtualHost>
</Macro>
Use VHost a.example.com 8081
Use VHost b.example.com 8082
`,
		"sites/x.conf": "Marker included-by-var\n",
	})
	cfg, errs := load(t, filepath.Join(dir, "apache2.conf"))
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	want := []string{"proxy-c", "builtin-debian", "included-by-var", "ifdefine", "ifversion"}
	if got := names(cfg, "Marker"); !reflect.DeepEqual(got, want) {
		t.Errorf("read %q, want %q", got, want)
	}
	if len(cfg.Sites) != 2 || cfg.Sites[1].Names[0].Value != "b.example.com" || cfg.Sites[1].Listeners[0].Port != 8082 {
		t.Fatalf("macro sites: %+v", cfg.Sites)
	}
	if r := cfg.Sites[0].Routes[0]; r.Pos.Line != 28 {
		t.Errorf("macro route positioned at %v, want the macro body line 28", r.Pos)
	}
}

func TestDirectivesBlocksAndComments(t *testing.T) {
	dir := tree(t, map[string]string{
		"httpd.conf": `# edgelint:ignore-file EL1101 reason
LoadModule proxy_module m.so
<IfModule proxy_module>
# edgelint:ignore EL4101 slow reports
<VirtualHost *:80>
  <Location /r/>
    ProxyPass http://b/ timeout=5
  </Location>
</VirtualHost>
</IfModule>
`,
	})
	cfg, errs := load(t, filepath.Join(dir, "httpd.conf"))
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	var pp *lint.Directive
	for _, d := range cfg.Directives {
		if d.Name == "ProxyPass" {
			pp = d
		}
	}
	if pp == nil || !reflect.DeepEqual(pp.Blocks, []string{"VirtualHost", "Location"}) || pp.Pos.Line != 7 || pp.Pos.Col != 5 {
		t.Fatalf("ProxyPass directive: %+v", pp)
	}
	for _, d := range cfg.Directives {
		if d.Name == "VirtualHost" && (!d.Block || d.Pos.EndLine != 9) {
			t.Errorf("VirtualHost directive: %+v", d)
		}
	}
	if len(cfg.Comments) != 2 {
		t.Fatalf("comments: %+v", cfg.Comments)
	}
	first, second := cfg.Comments[0], cfg.Comments[1]
	if !first.BeforeFirstDirective || first.Text != "edgelint:ignore-file EL1101 reason" {
		t.Errorf("first comment: %+v", first)
	}
	if second.BeforeFirstDirective || second.Scope.Line != 5 || second.Scope.EndLine != 9 || second.Trailing {
		t.Errorf("comment above <VirtualHost> scoped to %+v, want lines 5-9", second.Scope)
	}
}

func TestFragmentsAndHtaccess(t *testing.T) {
	dir := tree(t, map[string]string{
		"site.conf": "<IfModule mod_ssl.c>\n<VirtualHost *:443>\nSSLEngine on\n</VirtualHost>\n</IfModule>\n<IfModule !mod_ssl.c>\nMarker fallback\n</IfModule>\n",
		".htaccess": "RewriteEngine On\nRewriteRule ^api/(.*)$ http://127.0.0.1:3000/$1 [P]\n",
	})
	cfg, errs := load(t, filepath.Join(dir, "site.conf"))
	if len(errs) != 0 || !cfg.Fragment || cfg.Product.Modules != nil || len(cfg.Sites) != 1 || !cfg.Sites[0].Listeners[0].TLS {
		t.Errorf("site fragment: %+v %v", cfg, errs)
	}
	if len(names(cfg, "Marker")) != 0 {
		t.Errorf("a fragment assumes the modules it tests for")
	}
	cfg, errs = load(t, filepath.Join(dir, ".htaccess"))
	if len(errs) != 0 || !cfg.Fragment || len(cfg.Sites) != 1 || len(cfg.Sites[0].Routes) != 1 {
		t.Errorf(".htaccess: %+v %v", cfg, errs)
	}
}

func TestSniff(t *testing.T) {
	for _, c := range []struct {
		path, head string
		want       int
	}{
		{"/etc/apache2/apache2.conf", "ServerRoot \"/etc/apache2\"\nIncludeOptional mods-enabled/*.load\n", 2},
		{"conf/httpd.conf", "Listen 80\nInclude conf.modules.d/*.conf\n", 2},
		{"httpd.conf", "<VirtualHost *:80>\nServerName a\n</VirtualHost>\n", 1},
		{"sites-available/app.conf", "<VirtualHost *:443>\n  ProxyPass / http://b/\n</VirtualHost>\n", 1},
		{"public/.htaccess", "RewriteEngine On\nRewriteRule ^ index.php [L]\n", 1},
		{"public/.htaccess", "php_value upload_max_filesize 64M\n", 1},
		{"nginx.conf", "events {}\nhttp {\n  include mime.types;\n  server { listen 80; }\n}\n", 0},
		{"conf.d/upstream.conf", "upstream app {\n  server 10.0.0.1:8080;\n}\n", 0},
		{"snapshot.json", "{\"zone\": \"example.com\"}", 0},
		{"README", "This is a readme.\n", 0},
		{"empty.conf", "# only a comment\n", 0},
	} {
		if got := Sniff(c.path, []byte(c.head)); got != c.want {
			t.Errorf("Sniff(%q) = %d, want %d", c.path, got, c.want)
		}
	}
}

func TestProxySetWorkerParameters(t *testing.T) {
	dir := tree(t, map[string]string{
		"httpd.conf": `LoadModule proxy_module m.so
<Proxy "http://backend.internal:8080/">
    ProxySet connectiontimeout=3 timeout=7 ttl=20
</Proxy>
ProxySet http://other.internal/ timeout=9
<VirtualHost *:80>
    ProxyPass /a/ http://backend.internal:8080/app/ timeout=11
    ProxyPass /b/ http://other.internal/b/
    ProxyPass /c/ http://third.internal/
</VirtualHost>
`,
	})
	cfg, errs := load(t, filepath.Join(dir, "httpd.conf"))
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	rs := cfg.Sites[0].Routes
	got := func(i int) string {
		to := rs[i].Timeouts
		return lint.FormatDuration(to.Connect.Value) + "/" + to.Connect.Directive + " " + lint.FormatDuration(to.Read.Value) + "/" + to.Read.Directive + " " + lint.FormatDuration(to.Idle.Value)
	}
	for i, want := range []string{"3s/connectiontimeout= 11s/timeout= 20s", "9s/timeout= 9s/timeout= 0s", "1m/Timeout 1m/Timeout 0s"} {
		if g := got(i); g != want {
			t.Errorf("route %d timeouts %q, want %q", i, g, want)
		}
	}
	if p := rs[0].Timeouts.Connect.Pos; p.Line != 3 || p.Col != 14 {
		t.Errorf("connectiontimeout= positioned at %v, want the ProxySet argument 3:14", p)
	}
}

func TestMacroRecursionAndFanOut(t *testing.T) {
	dir := tree(t, map[string]string{"httpd.conf": "<Macro M $a>\nUse M $a\n</Macro>\nUse M x\n"})
	_, errs := load(t, filepath.Join(dir, "httpd.conf"))
	if len(errs) != 1 || !strings.Contains(errs[0].Message, "recursive use of macro 'M' is invalid") || errs[0].Pos.Line != 2 {
		t.Errorf("errors: %v", errs)
	}
	// 24 macros, each using the next twice: 2^24 ServerAdmin lines.
	var b strings.Builder
	b.WriteString("<Macro M24>\nServerAdmin a@example.com\nServerAdmin b@example.com\n</Macro>\n")
	for i := 23; i >= 0; i-- {
		b.WriteString("<Macro M" + strconv.Itoa(i) + ">\nUse M" + strconv.Itoa(i+1) + "\nUse M" + strconv.Itoa(i+1) + "\n</Macro>\n")
	}
	b.WriteString("Use M0\n")
	dir = tree(t, map[string]string{"httpd.conf": b.String()})
	defer func(n int) { maxDirectives = n }(maxDirectives)
	maxDirectives = 10000
	_, errs = load(t, filepath.Join(dir, "httpd.conf"))
	if len(errs) != 1 || !strings.Contains(errs[0].Message, "expands to more than") {
		t.Errorf("errors: %v", errs)
	}
}

func TestSiteAccess(t *testing.T) {
	dir := tree(t, map[string]string{
		"site.conf": `<VirtualHost *:80>
    DocumentRoot /srv/www/
    <Directory /srv/www>
        Require ip 10.0.0.0/8 192.0.2.1
    </Directory>
    <Location "/">
        Require not ip 198.51.100.0/24
    </Location>
    <Location /admin/>
        Deny from all
        Allow from 10.1.0.0/16
        ProxyPass http://127.0.0.1:9000/
    </Location>
</VirtualHost>
`,
	})
	cfg, errs := load(t, filepath.Join(dir, "site.conf"))
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	s := cfg.Sites[0]
	var got []string
	for _, a := range s.Access {
		got = append(got, strconv.FormatBool(a.Allow)+" "+a.CIDR+" "+strconv.Itoa(int(a.Pos.Line)))
	}
	want := []string{"true 10.0.0.0/8 4", "true 192.0.2.1 4", "false 198.51.100.0/24 7"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("site access %q, want %q", got, want)
	}
	r := s.Routes[0]
	if len(r.Access) != 5 || r.Access[3].CIDR != "all" || r.Access[3].Allow || r.Access[4].CIDR != "10.1.0.0/16" {
		t.Errorf("route access %+v", r.Access)
	}
}

func TestListeners(t *testing.T) {
	dir := tree(t, map[string]string{
		"httpd.conf": `LoadModule ssl_module m.so
Listen 80
Listen 443 https
Protocols h2 http/1.1
<VirtualHost *>
    ServerName any.example.com
</VirtualHost>
<VirtualHost 192.0.2.10:443 [2001:db8::10]:443>
    ServerName tls.example.com
    SSLEngine on
</VirtualHost>
<VirtualHost _default_:443>
    ServerName fallback.example.com
    SSLEngine on
</VirtualHost>
`,
	})
	cfg, errs := load(t, filepath.Join(dir, "httpd.conf"))
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, s := range cfg.Sites {
		for _, l := range s.Listeners {
			got = append(got, s.Names[0].Value+" "+l.Addr+":"+strconv.Itoa(l.Port)+" tls="+strconv.FormatBool(l.TLS)+" h2="+strconv.FormatBool(l.HTTP2)+" default="+strconv.FormatBool(l.Default))
		}
	}
	want := []string{
		"any.example.com :80 tls=false h2=false default=true",
		"any.example.com :443 tls=false h2=false default=true",
		"tls.example.com 192.0.2.10:443 tls=true h2=true default=true",
		"tls.example.com 2001:db8::10:443 tls=true h2=true default=true",
		"fallback.example.com :443 tls=true h2=true default=true",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("listeners:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestDebianAbsolutePaths(t *testing.T) {
	dir := tree(t, map[string]string{
		"apache2/apache2.conf":           "Include /etc/apache2/conf-enabled/*.conf\nIncludeOptional ${APACHE_CONFDIR}/sites-enabled/*.conf\nErrorLog ${APACHE_LOG_DIR}/error.log\n",
		"apache2/conf-enabled/a.conf":    "Marker abs\n",
		"apache2/sites-enabled/app.conf": "Marker confdir\n",
	})
	cfg, errs := load(t, filepath.Join(dir, "apache2/apache2.conf"))
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	if got := names(cfg, "Marker"); !reflect.DeepEqual(got, []string{"abs", "confdir"}) {
		t.Errorf("read %q: the checkout, not the host's /etc/apache2", got)
	}
	if got := names(cfg, "ErrorLog"); !reflect.DeepEqual(got, []string{"${APACHE_LOG_DIR}/error.log"}) {
		t.Errorf("ErrorLog %q: other envvars stay opaque", got)
	}
}

func TestSectionDepthLimit(t *testing.T) {
	dir := tree(t, map[string]string{
		"httpd.conf": "<VirtualHost *:80>\nInclude deep.conf\n</VirtualHost>\n",
		"deep.conf":  strings.Repeat("<Location /x>\n", 5000),
	})
	lim := input.DefaultLimits
	lim.MaxBlockDepth = 10
	_, errs := load(t, filepath.Join(dir, "httpd.conf"), input.Options{Limits: lim})
	if len(errs) != 1 || !strings.Contains(errs[0].Message, "sections nested deeper than 10 levels") || errs[0].Pos.Line != 10 {
		t.Errorf("errors: %v (want one, at deep.conf:10: the vhost around the Include counts)", errs)
	}
}

func TestIncludeDirectorySymlinkLoop(t *testing.T) {
	dir := tree(t, map[string]string{
		"httpd.conf":    "Include conf.d/\n",
		"conf.d/a.conf": "ServerAdmin a@example.com\n",
	})
	if err := os.Symlink("..", filepath.Join(dir, "conf.d", "loop")); err != nil {
		t.Skip(err)
	}
	lim := input.DefaultLimits
	lim.MaxIncludeDepth = 5
	_, errs := load(t, filepath.Join(dir, "httpd.conf"), input.Options{Limits: lim})
	found := false
	for _, e := range errs {
		found = found || strings.Contains(e.Message, "maximum include directory nesting level of 5")
	}
	if !found {
		t.Errorf("errors: %v", errs)
	}
}

func TestIncludeDevice(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	dir := tree(t, map[string]string{"httpd.conf": "Include /dev/zero\n"})
	_, errs := load(t, filepath.Join(dir, "httpd.conf"))
	if len(errs) != 1 || !strings.Contains(errs[0].Message, "not a regular file") || errs[0].Pos.Line != 1 {
		t.Errorf("errors: %v", errs)
	}
}

// An include naming a variable httpd takes from its environment (snapd's
// ${SNAP}) is unknown rather than missing: a notice, not an error, and a
// ServerRoot from the environment leaves paths resolving in the checkout.
func TestIncludeFromEnvironment(t *testing.T) {
	dir := tree(t, map[string]string{
		"conf/httpd.conf": "ServerRoot \"${SNAP}\"\nLoadModule x_module m.so\n" +
			"Include ${SNAP}/htdocs/.htaccess\nInclude extra.conf\n",
		"conf/extra.conf": "ServerAdmin a@example.com\n",
	})
	var notices []lint.Notice
	opts := input.Options{Notify: func(n lint.Notice) { notices = append(notices, n) }}
	cfg, errs := load(t, filepath.Join(dir, "conf", "httpd.conf"), opts)
	if len(errs) > 0 {
		t.Errorf("errors: %v", errs)
	}
	if len(notices) != 1 || notices[0].Pos.Line != 3 || !strings.Contains(notices[0].Message, `include "${SNAP}/htdocs/.htaccess" names a variable that httpd takes from its environment`) {
		t.Errorf("notices: %v", notices)
	}
	if got := names(cfg, "ServerAdmin"); len(got) != 1 {
		t.Errorf("extra.conf not read next to httpd.conf: %v", got)
	}
	opts.StrictIncludes = true
	if _, errs := load(t, filepath.Join(dir, "conf", "httpd.conf"), opts); len(errs) != 1 || errs[0].Pos.Line != 3 {
		t.Errorf("--strict-includes: %v", errs)
	}
}

// A fragment's absolute include is read from the repository when a
// directory above the fragment is named like one of the path's, as in a
// Docker image's source tree (…/etc/apache2/ → /etc/apache2/,
// …/etc/httpd/ → /opt/docker/etc/httpd/).
func TestFragmentAbsoluteIncludeInCheckout(t *testing.T) {
	dir := tree(t, map[string]string{
		"image/etc/apache2/sites-available/ssl.conf":   "<VirtualHost *:443>\nInclude /etc/apache2/vhost-templates/https.conf\n</VirtualHost>\n",
		"image/etc/apache2/vhost-templates/https.conf": "ServerAdmin a@example.com\n",
		"provisioning/etc/httpd/main.conf":             "Include /opt/docker/etc/httpd/conf.d/*.conf\n",
		"provisioning/etc/httpd/conf.d/10-server.conf": "ServerAdmin b@example.com\n",
	})
	for _, c := range []struct{ entry, admin string }{
		{"image/etc/apache2/sites-available/ssl.conf", "a@example.com"},
		{"provisioning/etc/httpd/main.conf", "b@example.com"},
	} {
		cfg, errs := load(t, filepath.Join(dir, c.entry))
		if len(errs) > 0 {
			t.Errorf("%s: %v", c.entry, errs)
		}
		if got := names(cfg, "ServerAdmin"); len(got) != 1 || got[0] != c.admin {
			t.Errorf("%s: ServerAdmin %v, want %s from the checkout", c.entry, got, c.admin)
		}
	}
}

// A repository that ships Debian's apache2.conf alone (to copy over the
// package's) keeps the package's ports.conf: a notice, not a missing file.
func TestDebianPackagePorts(t *testing.T) {
	dir := tree(t, map[string]string{
		"dps/apache2.conf": "IncludeOptional mods-enabled/*.load\nInclude ports.conf\nInclude other.conf\n",
	})
	var notices []lint.Notice
	opts := input.Options{Notify: func(n lint.Notice) { notices = append(notices, n) }}
	_, errs := load(t, filepath.Join(dir, "dps", "apache2.conf"), opts)
	if len(errs) != 1 || errs[0].Pos.Line != 3 {
		t.Errorf("errors %v, want other.conf's only", errs)
	}
	if len(notices) != 1 || notices[0].Pos.Line != 2 || !strings.Contains(notices[0].Message, "apache2 package's /etc/apache2/ports.conf") {
		t.Errorf("notices %v", notices)
	}
	// httpd.conf has no package ports.conf.
	dir = tree(t, map[string]string{"httpd.conf": "LoadModule x_module m.so\nInclude ports.conf\n"})
	if _, errs := load(t, filepath.Join(dir, "httpd.conf")); len(errs) != 1 {
		t.Errorf("httpd.conf: %v", errs)
	}
}
