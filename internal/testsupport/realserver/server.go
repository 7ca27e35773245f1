package realserver

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Server is a running nginx, Apache httpd or php-fpm.
type Server struct {
	Kind     string // "nginx", "apache" or "php-fpm"
	Dir      string // its prefix / ServerRoot
	Conf     string // the configuration file it runs
	ErrorLog string
	Port     int // the loopback port it listens on (0 for php-fpm)

	cmd      *exec.Cmd
	exited   chan struct{}
	output   *syncBuffer
	stopOnce sync.Once
}

// StartNginx runs `nginx -p dir/ -c conf -e dir/error.log` (conf written
// by WriteNginxConf, listening on 127.0.0.1:port) until the test ends.
func StartNginx(t testing.TB, dir, conf string, port int) *Server {
	t.Helper()
	bin := Nginx(t)
	s := &Server{Kind: "nginx", Dir: dir, Conf: conf, ErrorLog: filepath.Join(dir, "error.log"), Port: port}
	s.start(t, bin, "-p", dir+"/", "-c", conf, "-e", s.ErrorLog)
	return s
}

// StartApache runs `apache2 -f conf -DFOREGROUND` (conf written from
// ApacheConfig(dir, port, …)) until the test ends.
func StartApache(t testing.TB, dir, conf string, port int) *Server {
	t.Helper()
	bin := Apache2(t)
	s := &Server{Kind: "apache", Dir: dir, Conf: conf, ErrorLog: filepath.Join(dir, "error.log"), Port: port}
	s.start(t, bin, "-f", conf, "-DFOREGROUND")
	return s
}

// start runs the server in its own process group (so the workers go with
// it), waits until the port accepts connections, and stops it at cleanup.
func (s *Server) start(t testing.TB, bin string, args ...string) {
	t.Helper()
	s.startWith(t, bin, args, fmt.Sprintf("listen on %d", s.Port), func() bool {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", s.Port), 200*time.Millisecond)
		if err == nil {
			c.Close()
		}
		return err == nil
	})
}

// startWith is start with its own test of readiness: ready reports
// whether the server does what (for the failure message) yet.
func (s *Server) startWith(t testing.TB, bin string, args []string, what string, ready func() bool) {
	t.Helper()
	s.output = &syncBuffer{}
	s.cmd = exec.Command(bin, args...)
	s.cmd.Dir = s.Dir
	s.cmd.Stdout, s.cmd.Stderr = s.output, s.output
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	s.cmd.Env = ApacheEnv(s.Dir)
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", s.Kind, err)
	}
	s.exited = make(chan struct{})
	go func() {
		_ = s.cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(s.Stop)
	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case <-s.exited:
			t.Fatalf("%s exited at start:\n%s\n%s", s.Kind, s.output.String(), s.Log())
		default:
		}
		if ready() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not %s within 10s:\n%s\n%s", s.Kind, what, s.output.String(), s.Log())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Stop ends the server's process group: TERM (the master then stops its
// workers), KILL after 10 s, and KILL again for workers that outlive the
// master. It runs at cleanup; calling it earlier is allowed.
func (s *Server) Stop() {
	s.stopOnce.Do(func() {
		pgid := s.cmd.Process.Pid
		_ = syscall.Kill(-pgid, syscall.SIGTERM)
		select {
		case <-s.exited:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-pgid, syscall.SIGKILL)
			<-s.exited
		}
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
	})
}

// Log is the error log as it is now.
func (s *Server) Log() string {
	b, _ := os.ReadFile(s.ErrorLog)
	return string(b)
}

// Output is what the server printed on stdout and stderr.
func (s *Server) Output() string { return s.output.String() }

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
