// Package backend is the tiny HTTP backend the reproducers put behind a
// real nginx or Apache. One handler, steered per request by query
// parameters so a single proxy config can show several failures:
//
//	?delay=3s       answer after 3 s (slow backend → proxy read timeout)
//	?header=6000    add a Set-Cookie header of 6,000 bytes (too big header)
//
// Every answer is 200 with the body "ok host=<Host header>", and the Host
// headers seen are recorded (Host leaks). The server can listen on TCP
// loopback or a unix socket, speak TLS and reject handshakes without SNI,
// and close kept-alive connections when their next request arrives.
package backend

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Options choose how the backend listens.
type Options struct {
	// Unix is a socket path to listen on instead of 127.0.0.1:random.
	Unix string
	// TLS serves TLS with this configuration (see probetest.SNIConfig for
	// one that rejects handshakes without SNI).
	TLS *tls.Config
	// CloseKeepalive answers the first request of each connection with
	// keep-alive, then closes the connection without answering when the
	// next request arrives, the way an app server whose idle timeout is
	// shorter than the proxy's keepalive_timeout races the proxy.
	CloseKeepalive bool
}

// Backend is a running backend.
type Backend struct {
	// Addr is host:port, or the socket path for unix.
	Addr string
	// Port is the TCP port (0 for unix).
	Port int

	mu      sync.Mutex
	hosts   []string
	reqs    int
	dropped int
}

// Dropped is the number of requests CloseKeepalive closed unanswered.
func (b *Backend) Dropped() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.dropped
}

// Hosts returns the Host headers received so far.
func (b *Backend) Hosts() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.hosts...)
}

// Requests is the number of requests received so far.
func (b *Backend) Requests() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.reqs
}

func (b *Backend) record(host string) {
	b.mu.Lock()
	b.hosts = append(b.hosts, host)
	b.reqs++
	b.mu.Unlock()
}

// ServeHTTP answers one request as the query asks.
func (b *Backend) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b.record(r.Host)
	q := r.URL.Query()
	if d, err := time.ParseDuration(q.Get("delay")); err == nil && d > 0 {
		select {
		case <-time.After(d):
		case <-r.Context().Done():
			return
		}
	}
	if n, err := strconv.Atoi(q.Get("header")); err == nil && n > 0 {
		w.Header().Set("Set-Cookie", "big="+strings.Repeat("x", n))
	}
	_, _ = io.Copy(io.Discard, r.Body)
	fmt.Fprintf(w, "ok host=%s\n", r.Host)
}

// Start runs a backend until the test ends.
func Start(t testing.TB, o Options) *Backend {
	t.Helper()
	b := &Backend{}
	var (
		l   net.Listener
		err error
	)
	if o.Unix != "" {
		l, err = net.Listen("unix", o.Unix)
		if err == nil {
			// The proxy's workers may run as another user (nobody,
			// www-data); connecting needs write permission on the socket.
			err = os.Chmod(o.Unix, 0o777)
		}
		b.Addr = o.Unix
	} else {
		l, err = net.Listen("tcp", "127.0.0.1:0")
		if err == nil {
			b.Addr = l.Addr().String()
			b.Port = l.Addr().(*net.TCPAddr).Port
		}
	}
	if err != nil {
		t.Fatalf("backend: %v", err)
	}
	if o.TLS != nil {
		l = tls.NewListener(l, o.TLS)
	}
	if o.CloseKeepalive {
		b.serveRaw(t, l)
		return b
	}
	srv := &http.Server{Handler: b, ReadHeaderTimeout: 10 * time.Second,
		// Rejected handshakes are the point of some reproducers, not news.
		ErrorLog: log.New(io.Discard, "", 0)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(l)
	}()
	t.Cleanup(func() {
		srv.Close()
		<-done
	})
	return b
}

// serveRaw is a minimal HTTP/1.1 server that answers exactly one request
// per connection with keep-alive and closes the connection, unanswered,
// when a second request arrives on it.
func (b *Backend) serveRaw(t testing.TB, l net.Listener) {
	var wg sync.WaitGroup
	conns := map[net.Conn]bool{}
	var mu sync.Mutex
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns[c] = true
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				_ = c.SetDeadline(time.Now().Add(30 * time.Second))
				br := bufio.NewReader(c)
				req, err := http.ReadRequest(br)
				if err != nil {
					return
				}
				b.record(req.Host)
				_, _ = io.Copy(io.Discard, req.Body)
				body := fmt.Sprintf("ok host=%s\n", req.Host)
				fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: keep-alive\r\nKeep-Alive: timeout=60\r\n\r\n%s", len(body), body)
				// Wait for the next request on this connection, then drop it.
				if _, err := br.Peek(1); err == nil {
					b.mu.Lock()
					b.dropped++
					b.mu.Unlock()
				}
			}()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		for c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
}
