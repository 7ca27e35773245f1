package realserver

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// Nginx is Binary(t, "nginx").
func Nginx(t testing.TB) string {
	t.Helper()
	return Binary(t, "nginx")
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
