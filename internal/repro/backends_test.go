package repro

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/realserver"
)

// fpmApp is a php-fpm master with one TCP pool on loopback serving the
// PHP files of root; pool is the rest of the pool's settings.
type fpmApp struct {
	*realserver.Server
	port int
	root string
}

// startFPMApp writes scripts (name → PHP source) into a fresh document
// root and runs php-fpm with a pool [app] on 127.0.0.1:port.
func startFPMApp(t *testing.T, pool string, scripts map[string]string) *fpmApp {
	t.Helper()
	dir, root, port := workDir(t), workDir(t), realserver.FreePort(t)
	for name, src := range scripts {
		write(t, filepath.Join(root, name), src)
	}
	conf := realserver.WritePHPFPMConf(t, dir, fmt.Sprintf(`[app]
user = nobody
group = nogroup
listen = 127.0.0.1:%d
%s
`, port, pool))
	return &fpmApp{Server: realserver.StartPHPFPM(t, dir, conf, fmt.Sprintf("127.0.0.1:%d", port)), port: port, root: root}
}

// location is an nginx location that sends .php requests to the pool.
func (a *fpmApp) location(extra string) string {
	return fmt.Sprintf(`location ~ \.php$ {
    root %s;
    include %s;
    fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
    fastcgi_pass 127.0.0.1:%d;
%s
}`, a.root, fastcgiParams, a.port, realserver.Indent(extra, "    "))
}

// fastcgiParams is the distribution's parameter file; nginx is installed.
const fastcgiParams = "/etc/nginx/fastcgi_params"

const sleepPHP = `<?php sleep((int)($_GET["s"] ?? 3)); echo "done\n";`

// EL4601 and EL4602: php-fpm's request_terminate_timeout against nginx's
// fastcgi_read_timeout. The pool killing first is a 502 with
// "upstream prematurely closed FastCGI stdout"; nginx giving up first a
// 504 while the worker sleeps on; agreeing limits serve the slow page.
func TestReproFPMRequestTerminateTimeout(t *testing.T) {
	t.Parallel()
	scripts := map[string]string{"slow.php": sleepPHP}
	t.Run("pool kills first", func(t *testing.T) {
		t.Parallel()
		fpm := startFPMApp(t, "pm = static\npm.max_children = 2\nrequest_terminate_timeout = 1s", scripts)
		s := startNginx(t, "", fpm.location("fastcgi_read_timeout 10s;"))
		lintFilesFinds(t, "backend-kills-before-proxy", s.conf, "fastcgi_read_timeout", fpm.Conf)
		// Over TCP php-fpm's kill resets the connection; over a unix
		// socket nginx reads the end of the stream ("upstream
		// prematurely closed FastCGI stdout").
		s.expect(t, "/slow.php?s=3", 502, "recv() failed (104: Connection reset by peer) while reading response header from upstream")
	})
	t.Run("nginx gives up first", func(t *testing.T) {
		t.Parallel()
		fpm := startFPMApp(t, "pm = static\npm.max_children = 2\nrequest_terminate_timeout = 10s", scripts)
		s := startNginx(t, "", fpm.location("fastcgi_read_timeout 1s;"))
		lintFilesFinds(t, "proxy-gives-up-before-backend", s.conf, "fastcgi_read_timeout", fpm.Conf)
		s.expect(t, "/slow.php?s=3", 504, "upstream timed out (110: Connection timed out) while reading response header from upstream")
	})
	t.Run("agreeing limits", func(t *testing.T) {
		t.Parallel()
		fpm := startFPMApp(t, "pm = static\npm.max_children = 2\nrequest_terminate_timeout = 10s", scripts)
		s := startNginx(t, "", fpm.location("fastcgi_read_timeout 10s;"))
		lintFilesSilent(t, "backend-kills-before-proxy", s.conf, fpm.Conf)
		lintFilesSilent(t, "proxy-gives-up-before-backend", s.conf, fpm.Conf)
		r := s.expect(t, "/slow.php?s=2", 200, "")
		if !strings.Contains(r.body, "done") {
			t.Errorf("body %q", r.body)
		}
	})
	t.Run("apache pool kills first", func(t *testing.T) {
		t.Parallel()
		fpm := startFPMApp(t, "pm = static\npm.max_children = 2\nrequest_terminate_timeout = 1s", scripts)
		s := startApache(t, "LoadModule proxy_fcgi_module "+realserver.ApacheModules+"/mod_proxy_fcgi.so", fmt.Sprintf(`DocumentRoot %s
<Directory %s>
    Require all granted
</Directory>
ProxyTimeout 10
<FilesMatch "\.php$">
    SetHandler "proxy:fcgi://127.0.0.1:%d"
</FilesMatch>`, fpm.root, fpm.root, fpm.port))
		lintFilesFinds(t, "backend-kills-before-proxy", s.conf, "ProxyTimeout", fpm.Conf)
		s.expect(t, "/slow.php?s=3", 503, "AH01075: Error dispatching request")
	})
}
