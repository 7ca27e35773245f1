package realserver

import (
	"fmt"
	"net"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// UWSGI finds uwsgi with its python3 plugin through the real-server
// switch (packages uwsgi-core and uwsgi-plugin-python3).
func UWSGI(t testing.TB) string {
	t.Helper()
	Require(t)
	bin, err := exec.LookPath("uwsgi")
	if err != nil {
		missing(t, "uwsgi is not installed (apt-get install uwsgi-core uwsgi-plugin-python3)")
		return ""
	}
	if m, _ := filepath.Glob("/usr/lib/uwsgi/plugins/python3*_plugin.so"); len(m) == 0 {
		missing(t, "uwsgi's python3 plugin is not installed (apt-get install uwsgi-plugin-python3)")
		return ""
	}
	return bin
}

// StartUWSGI runs `uwsgi --ini ini` (the file under dir, with
// plugins = python3 and a socket on 127.0.0.1:port) until the test ends.
func StartUWSGI(t testing.TB, dir, ini string, port int) *Server {
	t.Helper()
	bin := UWSGI(t)
	s := &Server{Kind: "uwsgi", Dir: dir, Conf: ini, ErrorLog: filepath.Join(dir, "uwsgi.log"), Port: port}
	s.startWith(t, bin, []string{"--ini", ini, "--logto", s.ErrorLog}, fmt.Sprintf("listen on %d", port), func() bool {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), 200*time.Millisecond)
		if err == nil {
			c.Close()
		}
		return err == nil
	})
	return s
}
