package repro

import (
	"fmt"
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

	"github.com/miekg/dns"

	"github.com/edgelint/edgelint/internal/testsupport/realserver"
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources"
	"github.com/edgelint/edgelint/sources/input"
)

// EL1007 with the compose source (issue 12): a Compose service's name in
// proxy_pass is resolved once, at start. When the container is recreated
// it gets a new address and nginx keeps the old one → 502 until a reload.
//
// On loopback: the "container" api listens on 127.0.0.2, then is
// recreated on 127.0.0.3. nginx resolves a literal name at start through
// the system's resolver, so the broken nginx runs in a private mount
// namespace whose /etc/hosts says api is 127.0.0.2 (root only; skipped
// elsewhere). A local DNS server plays Docker's embedded DNS for the
// fixed config (resolver + variable), answering 127.0.0.2, then
// 127.0.0.3. Docker gives 113 (No route to host) for an address no
// container holds any more; on loopback nothing listens there: 111.
func TestReproContainerNameResolvedOnce(t *testing.T) {
	t.Parallel()
	nginx := realserver.Nginx(t)
	if os.Geteuid() != 0 {
		t.Skip("needs root: the broken nginx runs in a mount namespace with its own /etc/hosts")
	}
	if err := exec.Command("unshare", "-m", "--", "true").Run(); err != nil {
		t.Skipf("unshare -m: %v", err)
	}
	port := realserver.FreePort(t)
	api := startContainer(t, "127.0.0.2", port)
	zone := &movingZone{addr: "127.0.0.2"}
	resolver := zone.serve(t)

	dir := workDir(t)
	hosts := filepath.Join(dir, "hosts")
	write(t, hosts, "127.0.0.1 localhost\n127.0.0.2 api\n")
	write(t, filepath.Join(dir, "docker-compose.yml"), `services:
  proxy:
    image: nginx:1.27
    volumes:
      - ./broken/nginx.conf:/etc/nginx/nginx.conf:ro
  api:
    build: ./api
`)
	brokenDir, fixedDir := filepath.Join(dir, "broken"), filepath.Join(dir, "fixed")
	for _, d := range []string{brokenDir, fixedDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	brokenPort, fixedPort := realserver.FreePort(t), realserver.FreePort(t)
	brokenConf := filepath.Join(brokenDir, "nginx.conf")
	write(t, brokenConf, realserver.NginxConfig(brokenDir, nginxServer(brokenPort, "", fmt.Sprintf(`
location / {
    proxy_pass http://api:%d;
}`, port))))
	fixedConf := filepath.Join(fixedDir, "nginx.conf")
	write(t, fixedConf, realserver.NginxConfig(fixedDir, nginxServer(fixedPort, fmt.Sprintf("resolver %s valid=1s;\nresolver_timeout 2s;", resolver), fmt.Sprintf(`
location / {
    set $api api:%d;
    proxy_pass http://$api;
}`, port))))

	t.Run("edgelint finds EL1007", func(t *testing.T) {
		fs := lintCompose(t, dir, brokenConf)
		if len(fs) != 1 || !strings.Contains(fs[0].Message, "api is the Compose service api") {
			t.Fatalf("want one EL1007 finding on proxy_pass http://api, got %v", fs)
		}
		t.Log(fs[0].Message)
	})
	t.Run("edgelint silent on the fixed config", func(t *testing.T) {
		if fs := lintCompose(t, dir, fixedConf); len(fs) != 0 {
			t.Fatalf("fixed config: %v", fs)
		}
	})

	broken := startNamespaced(t, nginx, hosts, brokenDir, brokenConf, brokenPort)
	fixed := &server{Server: realserver.StartNginx(t, fixedDir, fixedConf, fixedPort), conf: fixedConf}
	broken.expect(t, "/", 200, "")
	fixed.expect(t, "/", 200, "")

	// docker compose up -d recreates api: a new container, a new address.
	api.Close()
	startContainer(t, "127.0.0.3", port)
	zone.set("127.0.0.3")
	// nginx keeps an answer while its whole-second clock has not passed
	// the expiry (resolved at x.0 with valid=1s: used until x+2), so wait
	// past two seconds, not one.
	time.Sleep(2500 * time.Millisecond)

	broken.expect(t, "/", 502, fmt.Sprintf(`connect() failed (111: Connection refused) while connecting to upstream, client: 127.0.0.1, server: www.example.test, request: "GET / HTTP/1.1", upstream: "http://127.0.0.2:%d/"`, port))
	fixed.expect(t, "/", 200, "")
}

// startContainer serves 200 on addr:port until closed.
func startContainer(t *testing.T, addr string, port int) net.Listener {
	t.Helper()
	l, err := net.Listen("tcp", fmt.Sprintf("%s:%d", addr, port))
	if err != nil {
		t.Fatalf("listen %s:%d: %v", addr, port, err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "api at %s\n", addr)
	})}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return l
}

// startNamespaced runs nginx in a private mount namespace whose
// /etc/hosts is hosts, until the test ends.
func startNamespaced(t *testing.T, nginx, hosts, dir, conf string, port int) *server {
	t.Helper()
	cmd := exec.Command("unshare", "-m", "--", "sh", "-c",
		`mount --bind "$1" /etc/hosts && exec "$2" -p "$3/" -c "$4" -e "$3/error.log"`, "sh", hosts, nginx, dir, conf)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		if c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), 200*time.Millisecond); err == nil {
			c.Close()
			break
		}
		select {
		case <-done:
			t.Fatalf("nginx exited at start:\n%s", out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx did not listen within 10s:\n%s", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	return &server{Server: &realserver.Server{Kind: "nginx", Dir: dir, Conf: conf, ErrorLog: filepath.Join(dir, "error.log"), Port: port}, conf: conf}
}

// lintCompose runs EL1007 over the nginx config conf and the Compose files
// in dir, as `edgelint check` of the project finds them.
func lintCompose(t *testing.T, dir, conf string) []lint.Finding {
	t.Helper()
	reg, err := registry()
	if err != nil {
		t.Fatal(err)
	}
	rule, ok := reg.Lookup("name-resolved-once")
	if !ok {
		t.Fatal("MISSING RULE name-resolved-once")
	}
	res := sources.Load([]string{conf, filepath.Join(dir, "docker-compose.yml")}, "", input.Options{})
	for _, e := range res.Errors {
		t.Errorf("edgelint cannot load: %v", e)
	}
	fs, errs := (&lint.Runner{Rules: []*lint.Rule{rule}}).Run(res.Configs)
	for _, e := range errs {
		t.Error(e)
	}
	return fs
}

// movingZone is Docker's embedded DNS for one name: api, whose address
// changes when the container is recreated.
type movingZone struct {
	mu   sync.Mutex
	addr string
}

func (z *movingZone) set(addr string) {
	z.mu.Lock()
	z.addr = addr
	z.mu.Unlock()
}

func (z *movingZone) serve(t *testing.T) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &dns.Server{PacketConn: pc, Handler: dns.HandlerFunc(func(w dns.ResponseWriter, req *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(req)
		if len(req.Question) == 1 && strings.EqualFold(req.Question[0].Name, "api.") && req.Question[0].Qtype == dns.TypeA {
			z.mu.Lock()
			a := net.ParseIP(z.addr).To4()
			z.mu.Unlock()
			m.Answer = append(m.Answer, &dns.A{Hdr: dns.RR_Header{Name: req.Question[0].Name, Rrtype: dns.TypeA, Class: dns.ClassINET, Ttl: 1}, A: a})
		} else if len(req.Question) == 1 && !strings.EqualFold(req.Question[0].Name, "api.") {
			m.Rcode = dns.RcodeNameError
		}
		_ = w.WriteMsg(m)
	})}
	go func() { _ = srv.ActivateAndServe() }()
	t.Cleanup(func() { _ = srv.Shutdown() })
	return pc.LocalAddr().String()
}
