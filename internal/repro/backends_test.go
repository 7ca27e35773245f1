package repro

import (
	"fmt"
	"os"
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

// dbPHP opens a MariaDB connection and holds it for three seconds (long
// enough for every request of the test to overlap on a busy machine), as a page
// that queries the database while it renders.
const dbPHP = `<?php
mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);
$db = new mysqli("127.0.0.1", "root", "", "", (int)$_GET["port"]);
$db->query("SELECT SLEEP(3)");
echo "ok\n";`

// EL1610: sixteen PHP-FPM workers on the host of a MariaDB that accepts
// ten connections (MariaDB's least max_connections; one more for root's
// SUPER): under sixteen concurrent requests some pages fail with "Too
// many connections" (a 500 from PHP); with max_connections above the
// workers every page is served.
func TestReproMariaDBMaxConnections(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name     string
		max      int
		failures bool
	}{{"broken", 10, true}, {"fixed", 40, false}} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			// One host's /etc: my.cnf and php-fpm.conf under root/etc.
			root := workDir(t)
			etc := filepath.Join(root, "etc")
			mustMkdir(t, filepath.Join(etc, "mysql"))
			dbPort := realserver.FreePort(t)
			mycnf := filepath.Join(etc, "mysql", "my.cnf")
			write(t, mycnf, realserver.MariaDBConfig(root, dbPort, fmt.Sprintf("max_connections = %d", c.max)))
			realserver.StartMariaDB(t, root, mycnf, dbPort)

			docs, fpmPort := workDir(t), realserver.FreePort(t)
			write(t, filepath.Join(docs, "db.php"), dbPHP)
			fpmConf := realserver.WritePHPFPMConf(t, etc, fmt.Sprintf("[app]\nuser = nobody\ngroup = nogroup\nlisten = 127.0.0.1:%d\npm = static\npm.max_children = 16\n", fpmPort))
			realserver.StartPHPFPM(t, etc, fpmConf, fmt.Sprintf("127.0.0.1:%d", fpmPort))
			app := &fpmApp{port: fpmPort, root: docs}
			s := startNginx(t, "", app.location(""))

			if c.failures {
				lintFilesFinds(t, "db-connections-below-workers", mycnf, "max_connections", fpmConf)
			} else {
				lintFilesSilent(t, "db-connections-below-workers", mycnf, fpmConf)
			}
			statuses := make(chan int, 16)
			for range 16 {
				go func() {
					r := s.get(t, fmt.Sprintf("/db.php?port=%d", dbPort), "")
					if r.status != 200 || strings.TrimSpace(r.body) != "ok" {
						t.Logf("%d in %s: %.300s", r.status, r.took, r.body)
					}
					statuses <- r.status
				}()
			}
			failed := 0
			for range 16 {
				if st := <-statuses; st != 200 {
					failed++
					if st != 500 {
						t.Errorf("status %d, want 200 or 500", st)
					}
				}
			}
			t.Logf("%d of 16 concurrent pages failed with max_connections = %d", failed, c.max)
			if c.failures {
				if failed == 0 {
					t.Errorf("every page was served with max_connections = %d", c.max)
				}
				s.expectLog(t, "Too many connections")
			} else if failed > 0 {
				t.Errorf("%d pages failed with max_connections = %d:\n%s", failed, c.max, s.Log())
			}
		})
	}
}

func mustMkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}

// EL1611: nginx may send four requests at once (max_conns=4) to a pool
// of one worker. Four concurrent two-second pages: the first is served,
// the others wait in the pool's listen queue past fastcgi_read_timeout
// (3s) → 504. With four workers every page is served.
func TestReproFPMWorkerExhaustion(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name     string
		children int
	}{{"broken", 1}, {"fixed", 4}} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			fpm := startFPMApp(t, fmt.Sprintf("pm = static\npm.max_children = %d", c.children), map[string]string{"slow.php": sleepPHP})
			up := fmt.Sprintf("upstream php {\n    server 127.0.0.1:%d max_conns=4;\n}", fpm.port)
			loc := strings.Replace(fpm.location("fastcgi_read_timeout 3s;"), fmt.Sprintf("fastcgi_pass 127.0.0.1:%d;", fpm.port), "fastcgi_pass php;", 1)
			s := startNginx(t, up, loc)
			if c.children < 4 {
				lintFilesFinds(t, "backend-workers-below-concurrency", s.conf, "max_conns=4", fpm.Conf)
			} else {
				lintFilesSilent(t, "backend-workers-below-concurrency", s.conf, fpm.Conf)
			}
			statuses := make(chan int, 4)
			for range 4 {
				go func() { statuses <- s.get(t, "/slow.php?s=2", "").status }()
			}
			count := map[int]int{}
			for range 4 {
				count[<-statuses]++
			}
			t.Logf("pm.max_children %d, 4 concurrent pages: %v", c.children, count)
			if c.children < 4 {
				if count[504] == 0 || count[200] == 0 {
					t.Errorf("want some 200 and some 504, got %v", count)
				}
				s.expectLog(t, "upstream timed out (110: Connection timed out) while reading response header from upstream")
			} else if count[200] != 4 {
				t.Errorf("want 4 × 200, got %v", count)
			}
		})
	}
}

// EL4601 with uWSGI: harakiri = 1 behind uwsgi_read_timeout 10 kills the
// worker of a three-second request → 502 "upstream prematurely closed
// connection"; harakiri = 10 serves it.
func TestReproUWSGIHarakiri(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name     string
		harakiri int
		status   int
		log      string
	}{
		{"broken", 1, 502, "upstream prematurely closed connection while reading response header from upstream"},
		{"fixed", 10, 200, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir, port := workDir(t), realserver.FreePort(t)
			write(t, filepath.Join(dir, "app.py"), "import time\n\ndef application(env, start_response):\n    time.sleep(3)\n    start_response('200 OK', [('Content-Type', 'text/plain')])\n    return [b'done\\n']\n")
			ini := filepath.Join(dir, "app.ini")
			write(t, ini, fmt.Sprintf("[uwsgi]\nplugins = python3\nwsgi-file = %s/app.py\nsocket = 127.0.0.1:%d\nmaster = true\ndie-on-term = true\nprocesses = 2\nharakiri = %d\n", dir, port, c.harakiri))
			realserver.StartUWSGI(t, dir, ini, port)
			s := startNginx(t, "", fmt.Sprintf("location / {\n    include /etc/nginx/uwsgi_params;\n    uwsgi_pass 127.0.0.1:%d;\n    uwsgi_read_timeout 10;\n}", port))
			if c.status == 502 {
				lintFilesFinds(t, "backend-kills-before-proxy", s.conf, "uwsgi_read_timeout", ini)
			} else {
				lintFilesSilent(t, "backend-kills-before-proxy", s.conf, ini)
			}
			s.expect(t, "/", c.status, c.log)
		})
	}
}
