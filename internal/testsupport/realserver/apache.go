package realserver

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// ApacheModules is where Debian's apache2 keeps its modules.
const ApacheModules = "/usr/lib/apache2/modules"

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

// ApacheModule is Apache2 for a test that also loads mod_NAME for each of
// names: a module missing from Debian's module directory is a missing
// program under the same switch (a failure in CI, a skip elsewhere).
func ApacheModule(t testing.TB, names ...string) string {
	t.Helper()
	bin := Apache2(t)
	for _, m := range names {
		if _, err := os.Stat(filepath.Join(ApacheModules, "mod_"+m+".so")); err != nil {
			missing(t, "Apache module mod_"+m+" is not installed in "+ApacheModules)
			return bin
		}
	}
	return bin
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
