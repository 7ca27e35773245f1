package repro

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/probe"
	"github.com/edgelint/edgelint/probe/probetest"
	"github.com/edgelint/edgelint/rules"
	"github.com/edgelint/edgelint/sources"
	"github.com/edgelint/edgelint/sources/input"
)

const apacheModules = "/usr/lib/apache2/modules"

// need finds a server binary; without it the test skips, or fails in CI.
func need(t *testing.T, bin string) string {
	t.Helper()
	for _, p := range []string{bin, "/usr/sbin/" + bin} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed; CI must install it (apt-get install nginx apache2)", bin)
	}
	t.Skipf("%s is not installed: skipping the real-server reproduction (install nginx and apache2 to run it)", bin)
	return ""
}

// workDir is a directory the servers' unprivileged workers can read
// (t.TempDir's parents are private to the test user, and as root the
// workers of Apache run as nobody).
func workDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "edgelint-repro-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// freePort returns a loopback port nothing listens on right now.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// server is a running nginx or Apache.
type server struct {
	kind     string // "nginx" or "apache"
	dir      string
	conf     string
	errorLog string
	port     int
	cmd      *exec.Cmd
	exited   chan struct{}
	output   *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// nginxConfig is a complete nginx.conf: the harness's own settings, then
// httpExtra inside http{} (upstreams, resolver), then one server{} on port
// holding serverBody (locations).
func nginxConfig(dir string, port int, httpExtra, serverBody string) string {
	user := ""
	if os.Geteuid() == 0 {
		// As root the workers would switch to nobody; keep them able to
		// use the sockets and temp paths this test creates.
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
    client_body_temp_path %[2]s/tmp/body;
    proxy_temp_path %[2]s/tmp/proxy;
    fastcgi_temp_path %[2]s/tmp/fastcgi;
    uwsgi_temp_path %[2]s/tmp/uwsgi;
    scgi_temp_path %[2]s/tmp/scgi;
%[3]s
    server {
        listen 127.0.0.1:%[4]d;
        server_name www.example.test;
%[5]s
    }
}
`, user, dir, indent(httpExtra, "    "), port, indent(serverBody, "        "))
}

// apacheConfig is a complete httpd.conf with the modules the reproducers
// use, one <VirtualHost> on port holding vhostBody, and mainExtra at the
// server level (balancers, SSLProxy settings).
func apacheConfig(dir string, port int, mainExtra, vhostBody string) string {
	var mods strings.Builder
	for _, m := range []string{
		"mpm_event", "authz_core", "proxy", "proxy_http", "proxy_balancer", "slotmem_shm",
		"lbmethod_byrequests", "headers", "ssl", "socache_shmcb",
	} {
		fmt.Fprintf(&mods, "LoadModule %s_module %s/mod_%s.so\n", m, apacheModules, m)
	}
	user := ""
	if os.Geteuid() == 0 {
		// Apache refuses to serve as root; its children need the sockets
		// (chmod 0777 by the backend) and nothing else under dir.
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
`, dir, port, mods.String(), user, mainExtra, indent(vhostBody, "    "))
}

func indent(s, prefix string) string {
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

// startNginx writes the config into a fresh dir and runs nginx until the
// test ends.
func startNginx(t *testing.T, httpExtra, serverBody string) *server {
	t.Helper()
	bin := need(t, "nginx")
	dir := workDir(t)
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o755); err != nil {
		t.Fatal(err)
	}
	s := &server{kind: "nginx", dir: dir, conf: filepath.Join(dir, "nginx.conf"), errorLog: filepath.Join(dir, "error.log"), port: freePort(t)}
	write(t, s.conf, nginxConfig(dir, s.port, httpExtra, serverBody))
	s.start(t, bin, "-p", dir+"/", "-c", s.conf, "-e", s.errorLog)
	return s
}

// checkNginx writes the config into a fresh dir and runs nginx -t on it:
// the output and whether nginx accepted it.
func checkNginx(t *testing.T, httpExtra, serverBody string) (*server, string, bool) {
	t.Helper()
	bin := need(t, "nginx")
	dir := workDir(t)
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o755); err != nil {
		t.Fatal(err)
	}
	s := &server{kind: "nginx", dir: dir, conf: filepath.Join(dir, "nginx.conf"), errorLog: filepath.Join(dir, "error.log"), port: freePort(t)}
	write(t, s.conf, nginxConfig(dir, s.port, httpExtra, serverBody))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "-t", "-p", dir+"/", "-c", s.conf, "-e", s.errorLog).CombinedOutput()
	return s, string(out), err == nil
}

// startApache writes the config into a fresh dir and runs httpd until the
// test ends.
func startApache(t *testing.T, mainExtra, vhostBody string) *server {
	t.Helper()
	bin := need(t, "apache2")
	dir := workDir(t)
	s := &server{kind: "apache", dir: dir, conf: filepath.Join(dir, "httpd.conf"), errorLog: filepath.Join(dir, "error.log"), port: freePort(t)}
	write(t, s.conf, apacheConfig(dir, s.port, mainExtra, vhostBody))
	s.start(t, bin, "-f", s.conf, "-DFOREGROUND")
	return s
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// start runs the server in its own process group (so the workers go with
// it), waits until the port accepts connections, and stops it at cleanup.
func (s *server) start(t *testing.T, bin string, args ...string) {
	t.Helper()
	s.output = &syncBuffer{}
	s.cmd = exec.Command(bin, args...)
	s.cmd.Dir = s.dir
	s.cmd.Stdout, s.cmd.Stderr = s.output, s.output
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	s.cmd.Env = append(os.Environ(), "APACHE_RUN_DIR="+s.dir, "APACHE_LOCK_DIR="+s.dir, "APACHE_LOG_DIR="+s.dir)
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", s.kind, err)
	}
	s.exited = make(chan struct{})
	go func() {
		_ = s.cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(s.stop)
	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case <-s.exited:
			t.Fatalf("%s exited at start:\n%s\n%s", s.kind, s.output.String(), s.log())
		default:
		}
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", s.port), 200*time.Millisecond)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not listen on %d within 10s:\n%s\n%s", s.kind, s.port, s.output.String(), s.log())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// stop ends the server's process group: TERM, then KILL after 5 s.
func (s *server) stop() {
	pgid := s.cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		<-s.exited
	}
	// Workers of the group that outlive the master.
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
}

func (s *server) log() string {
	b, _ := os.ReadFile(s.errorLog)
	return string(b)
}

// response is what a client got.
type response struct {
	status int
	body   string
	took   time.Duration
}

// get sends GET path to the server (Host: host when not empty), bounded
// by a 15 s timeout.
func (s *server) get(t *testing.T, path, host string) response {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("http://127.0.0.1:%d%s", s.port, path), nil)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", s.kind, path, err, s.log())
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	return response{status: resp.StatusCode, body: string(body), took: time.Since(start)}
}

// expect asserts the status and, when logLine is not empty, that the error
// log holds it (the server may write it just after answering).
func (s *server) expect(t *testing.T, path string, status int, logLine string) response {
	t.Helper()
	return s.expectHost(t, "", path, status, logLine)
}

// expectHost is expect with the client's Host header set.
func (s *server) expectHost(t *testing.T, host, path string, status int, logLine string) response {
	t.Helper()
	r := s.get(t, path, host)
	if r.status != status {
		t.Errorf("%s GET %s = %d, want %d\nbody: %s\nlog:\n%s", s.kind, path, r.status, status, r.body, s.log())
	}
	if logLine != "" {
		s.expectLog(t, logLine)
	}
	t.Logf("%s GET %s → %d in %v", s.kind, path, r.status, r.took.Round(time.Millisecond))
	return r
}

func (s *server) expectLog(t *testing.T, logLine string) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for {
		log := s.log()
		if i := strings.Index(log, logLine); i >= 0 {
			start := strings.LastIndex(log[:i], "\n") + 1
			end := strings.Index(log[i:], "\n")
			if end < 0 {
				end = len(log) - i
			}
			t.Logf("%s error log: %s", s.kind, strings.TrimSpace(log[start:i+end]))
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("%s error log lacks %q:\n%s", s.kind, logLine, log)
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// registry is rules.Registry(), built once.
var registry = sync.OnceValues(func() (*lint.Registry, error) { return rules.Registry() })

// lintConf loads the server's own config file through sources.Load, runs
// the rule registered under name (with the real prober when it is a
// probe rule) and returns its findings. A rule that is not registered (a
// rename) fails the test by name: a reproducer whose lint step silently
// stopped running would prove nothing.
func lintConf(t *testing.T, conf, name string) []lint.Finding {
	t.Helper()
	reg, err := registry()
	if err != nil {
		t.Fatalf("rules.Registry: %v", err)
	}
	rule, ok := reg.Lookup(name)
	if !ok {
		t.Fatalf("MISSING RULE %q: not registered in rules.Registry(); the server side of this reproducer ran, the lint step cannot", name)
	}
	res := sources.Load([]string{conf}, "", input.Options{})
	for _, e := range res.Errors {
		t.Errorf("edgelint cannot load %s: %v", conf, e)
	}
	if len(res.Configs) == 0 {
		t.Fatalf("edgelint loaded no config from %s", conf)
	}
	runner := &lint.Runner{Rules: []*lint.Rule{rule}}
	if rule.Probe {
		// Names go to a local DNS server with an empty zone (the hosts
		// file still answers localhost): the probe never asks a DNS
		// server off this machine.
		dns := probetest.ServeDNS(t, probetest.Zone{})
		runner.Probe = probe.New(probe.Options{Resolver: dns.Addr})
	}
	fs, errs := runner.Run(res.Configs)
	for _, e := range errs {
		t.Errorf("%s: %v", name, e)
	}
	return fs
}

// lintFinds asserts that rule name reports on conf, on the line holding
// lineHas when that is not empty.
func lintFinds(t *testing.T, conf, name, lineHas string) {
	t.Helper()
	t.Run("edgelint finds "+name, func(t *testing.T) {
		fs := lintConf(t, conf, name)
		if len(fs) == 0 {
			t.Fatalf("%s reports nothing on the broken config:\n%s", name, readFile(t, conf))
		}
		for _, f := range fs {
			t.Logf("%s %s: %s", f.RuleID, f.Pos, f.Message)
		}
		if lineHas == "" {
			return
		}
		lines := strings.Split(readFile(t, conf), "\n")
		for _, f := range fs {
			if f.Pos.Line > 0 && f.Pos.Line <= len(lines) && strings.Contains(lines[f.Pos.Line-1], lineHas) {
				return
			}
		}
		t.Errorf("no %s finding on the line with %q", name, lineHas)
	})
}

// lintSilent asserts that rule name reports nothing on conf.
func lintSilent(t *testing.T, conf, name string) {
	t.Helper()
	t.Run("edgelint silent "+name, func(t *testing.T) {
		for _, f := range lintConf(t, conf, name) {
			t.Errorf("%s still reports on the fixed config: %s %s", name, f.Pos, f.Message)
		}
	})
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
