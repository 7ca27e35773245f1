// Package realserver runs the real nginx and Apache httpd for tests: it
// finds the binaries, writes configurations whose every writable path lives
// under a temporary prefix, checks them (nginx -t, apache2 -t) and runs the
// servers on loopback until the test ends.
//
// When a binary is missing the test skips with a message, except with
// CI=true, where it fails: CI installs both (Debian packages nginx and
// apache2), and a real-server test that silently skipped there would prove
// nothing.
package realserver

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// ApacheModules is where Debian's apache2 keeps its modules.
const ApacheModules = "/usr/lib/apache2/modules"

// Binary finds a server binary (also in /usr/sbin, which an unprivileged
// PATH may lack). Without it the test skips, or fails when CI is "true".
func Binary(t testing.TB, name string) string {
	t.Helper()
	for _, p := range []string{name, "/usr/sbin/" + name} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	missing(t, name+" is not installed")
	return ""
}

func missing(t testing.TB, what string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s; CI must install it (apt-get install nginx apache2)", what)
	}
	t.Skipf("%s: skipping the real-server test (install nginx and apache2 to run it)", what)
}

// Nginx is Binary(t, "nginx").
func Nginx(t testing.TB) string {
	t.Helper()
	return Binary(t, "nginx")
}

// Apache2 is Binary(t, "apache2"), which also needs Debian's module
// directory (the configurations load their modules from there).
func Apache2(t testing.TB) string {
	t.Helper()
	bin := Binary(t, "apache2")
	if _, err := os.Stat(filepath.Join(ApacheModules, "mod_proxy_balancer.so")); err != nil {
		missing(t, "Debian's apache2 modules are not installed in "+ApacheModules)
	}
	return bin
}

var nginxVersionRE = regexp.MustCompile(`nginx/(\d+\.\d+\.\d+)`)

// NginxVersion is the installed nginx's version, e.g. "1.22.1".
func NginxVersion(t testing.TB) string {
	t.Helper()
	out, _ := exec.Command(Nginx(t), "-v").CombinedOutput()
	m := nginxVersionRE.FindSubmatch(out)
	if m == nil {
		t.Fatalf("cannot read the nginx version from %q", out)
	}
	return string(m[1])
}

// Dir is a fresh directory that the servers' unprivileged workers can read
// (t.TempDir's parents are private to the test user, and as root Apache's
// children run as nobody), removed when the test ends.
func Dir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "edgelint-realserver-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// FreePort returns a loopback port nothing listens on right now.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// WriteFile writes content to path or fails the test.
func WriteFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// NginxConfig is a complete nginx.conf around httpBody (the inside of
// http{}): pid, error log (level info) and every *_temp_path under dir, so
// nginx needs nothing outside it; daemon off for StartNginx.
func NginxConfig(dir, httpBody string) string {
	user := ""
	if os.Geteuid() == 0 {
		// As root the workers would switch to nobody; keep them able to
		// use the sockets and temp paths the tests create.
		user = "user root;\n"
	}
	return fmt.Sprintf(`%sdaemon off;
worker_processes 1;
pid %[2]s/nginx.pid;
error_log %[2]s/error.log info;
events {
    worker_connections 128;
}
http {
    access_log off;
    client_body_temp_path %[2]s/client_body_temp;
    proxy_temp_path %[2]s/proxy_temp;
    fastcgi_temp_path %[2]s/fastcgi_temp;
    uwsgi_temp_path %[2]s/uwsgi_temp;
    scgi_temp_path %[2]s/scgi_temp;
%[3]s
}
`, user, dir, Indent(httpBody, "    "))
}

// WriteNginxConf writes NginxConfig(dir, httpBody) to dir/nginx.conf and
// returns its path.
func WriteNginxConf(t testing.TB, dir, httpBody string) string {
	t.Helper()
	conf := filepath.Join(dir, "nginx.conf")
	WriteFile(t, conf, NginxConfig(dir, httpBody))
	return conf
}

// NginxTest runs `nginx -t -q -p dir/ -c conf -e stderr`: what nginx says
// and whether it accepts the configuration.
func NginxTest(t testing.TB, dir, conf string) (string, bool) {
	t.Helper()
	bin := Nginx(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "-t", "-q", "-p", dir+"/", "-c", conf, "-e", "stderr").CombinedOutput()
	return string(out), err == nil
}

// ApacheConfig is a complete httpd.conf with the modules tests use (proxy,
// balancer, headers, ssl), ServerRoot, pid, mutexes and error log under dir,
// one <VirtualHost> on 127.0.0.1:port holding vhostBody, and mainExtra at
// the server level.
func ApacheConfig(dir string, port int, mainExtra, vhostBody string) string {
	var mods strings.Builder
	for _, m := range []string{
		"mpm_event", "authz_core", "proxy", "proxy_http", "proxy_balancer", "slotmem_shm",
		"lbmethod_byrequests", "headers", "ssl", "socache_shmcb",
	} {
		fmt.Fprintf(&mods, "LoadModule %s_module %s/mod_%s.so\n", m, ApacheModules, m)
	}
	user := ""
	if os.Geteuid() == 0 {
		// Apache refuses to serve as root; its children need the sockets
		// and nothing else under dir.
		user = "User nobody\nGroup nogroup\n"
	}
	return fmt.Sprintf(`ServerRoot %[1]s
ServerName localhost
Listen 127.0.0.1:%[2]d
PidFile %[1]s/httpd.pid
DefaultRuntimeDir %[1]s
Mutex file:%[1]s default
ErrorLog %[1]s/error.log
LogLevel warn
%[3]s%[4]s%[5]s
<VirtualHost 127.0.0.1:%[2]d>
    ServerName www.example.test
%[6]s
</VirtualHost>
`, dir, port, mods.String(), user, mainExtra, Indent(vhostBody, "    "))
}

// ApacheEnv is the environment with the variables Debian's apache2.conf
// and envvars expect, all pointing into dir.
func ApacheEnv(dir string) []string {
	return append(os.Environ(), "APACHE_RUN_USER=www-data", "APACHE_RUN_GROUP=www-data",
		"APACHE_PID_FILE="+dir+"/apache2.pid", "APACHE_RUN_DIR="+dir, "APACHE_LOCK_DIR="+dir, "APACHE_LOG_DIR="+dir)
}

// ApacheTest runs `apache2 -t -d root -f conf [args]` with ApacheEnv(root):
// what httpd says and whether it accepts the configuration. args may add
// e.g. -S to list the virtual hosts.
func ApacheTest(t testing.TB, root, conf string, args ...string) (string, bool) {
	t.Helper()
	bin := Apache2(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append([]string{"-t", "-d", root, "-f", conf}, args...)...)
	cmd.Env = ApacheEnv(root)
	out, err := cmd.CombinedOutput()
	return string(out), err == nil
}

// Indent prefixes each non-empty line of s, without leading or trailing
// blank lines.
func Indent(s, prefix string) string {
	s = strings.Trim(s, "\n")
	if s == "" {
		return ""
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n")
}
