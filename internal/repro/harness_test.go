package repro

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/edgelint/edgelint/internal/netprobe"
	"github.com/edgelint/edgelint/internal/testsupport/netprobetest"
	"github.com/edgelint/edgelint/internal/testsupport/realserver"
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules"
	"github.com/edgelint/edgelint/sources"
	"github.com/edgelint/edgelint/sources/input"
)

// workDir is a directory the servers' unprivileged workers can read.
var workDir = realserver.Dir

var write = realserver.WriteFile

// server is a running nginx or Apache; conf is the file it runs.
type server struct {
	*realserver.Server
	conf string
}

// nginxServer is the inside of http{}: httpExtra (upstreams, resolver),
// then one server{} on port holding serverBody (locations).
func nginxServer(port int, httpExtra, serverBody string) string {
	return fmt.Sprintf("%s\nserver {\n    listen 127.0.0.1:%d;\n    server_name www.example.test;\n%s\n}",
		httpExtra, port, realserver.Indent(serverBody, "    "))
}

// startNginx writes the config into a fresh dir and runs nginx until the
// test ends.
func startNginx(t *testing.T, httpExtra, serverBody string) *server {
	t.Helper()
	dir, port := workDir(t), realserver.FreePort(t)
	conf := realserver.WriteNginxConf(t, dir, nginxServer(port, httpExtra, serverBody))
	return &server{Server: realserver.StartNginx(t, dir, conf, port), conf: conf}
}

// checkNginx writes the config into a fresh dir and runs nginx -t on it:
// the output and whether nginx accepted it.
func checkNginx(t *testing.T, httpExtra, serverBody string) (*server, string, bool) {
	t.Helper()
	dir := workDir(t)
	conf := realserver.WriteNginxConf(t, dir, nginxServer(realserver.FreePort(t), httpExtra, serverBody))
	out, ok := realserver.NginxTest(t, dir, conf)
	return &server{conf: conf}, out, ok
}

// startApache writes the config into a fresh dir and runs httpd until the
// test ends.
func startApache(t *testing.T, mainExtra, vhostBody string) *server {
	t.Helper()
	dir, port := workDir(t), realserver.FreePort(t)
	conf := filepath.Join(dir, "httpd.conf")
	write(t, conf, realserver.ApacheConfig(dir, port, mainExtra, vhostBody))
	return &server{Server: realserver.StartApache(t, dir, conf, port), conf: conf}
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
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("http://127.0.0.1:%d%s", s.Port, path), nil)
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
		t.Fatalf("%s %s: %v\n%s", s.Kind, path, err, s.Log())
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
		t.Errorf("%s GET %s = %d, want %d\nbody: %s\nlog:\n%s", s.Kind, path, r.status, status, r.body, s.Log())
	}
	if logLine != "" {
		s.expectLog(t, logLine)
	}
	t.Logf("%s GET %s → %d in %v", s.Kind, path, r.status, r.took.Round(time.Millisecond))
	return r
}

func (s *server) expectLog(t *testing.T, logLine string) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for {
		log := s.Log()
		if i := strings.Index(log, logLine); i >= 0 {
			start := strings.LastIndex(log[:i], "\n") + 1
			end := strings.Index(log[i:], "\n")
			if end < 0 {
				end = len(log) - i
			}
			t.Logf("%s error log: %s", s.Kind, strings.TrimSpace(log[start:i+end]))
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("%s error log lacks %q:\n%s", s.Kind, logLine, log)
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
		dns := netprobetest.ServeDNS(t, netprobetest.Zone{})
		runner.Probe = netprobe.New(netprobe.Options{Resolver: dns.Addr})
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
			if int(f.Pos.Line) > 0 && int(f.Pos.Line) <= len(lines) && strings.Contains(lines[int(f.Pos.Line)-1], lineHas) {
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
