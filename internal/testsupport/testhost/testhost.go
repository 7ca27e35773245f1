// Package testhost makes test hosts in network namespaces of the test's
// own: addresses that stand for another machine without any packet
// leaving this one. A test that needs "a member on another host" uses
// one instead of this machine's own interface addresses, which belong to
// the network outside.
package testhost

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Blackhole makes a test host that drops every reply: a TCP connect to
// the address it returns (host:port) hangs until the caller's own
// timeout, as a member whose machine vanished does. The namespace and its
// veth pair go away when the test ends. Without the rights to create a
// namespace the test is skipped, or fails when CI=true.
func Blackhole(t testing.TB, port int) string {
	t.Helper()
	n := 1 + rand.IntN(250)
	ns := fmt.Sprintf("edgelint-%d-%d", os.Getpid(), n)
	host, peer := fmt.Sprintf("elh%d", n), fmt.Sprintf("elp%d", n)
	local, remote := fmt.Sprintf("10.213.%d.1", n), fmt.Sprintf("10.213.%d.2", n)
	steps := [][]string{
		{"netns", "add", ns},
		{"link", "add", host, "type", "veth", "peer", "name", peer},
		{"link", "set", peer, "netns", ns},
		{"addr", "add", local + "/30", "dev", host},
		{"link", "set", host, "up"},
		{"netns", "exec", ns, "ip", "addr", "add", remote + "/30", "dev", peer},
		{"netns", "exec", ns, "ip", "link", "set", peer, "up"},
		// The test host receives the SYN but its answer goes nowhere.
		{"netns", "exec", ns, "ip", "route", "add", "blackhole", local + "/32"},
	}
	t.Cleanup(func() {
		_ = exec.Command("ip", "netns", "del", ns).Run()
		_ = exec.Command("ip", "link", "del", host).Run()
	})
	for _, s := range steps {
		if out, err := exec.Command("ip", s...).CombinedOutput(); err != nil {
			msg := fmt.Sprintf("cannot make a test host (ip %s): %v: %s", strings.Join(s, " "), err, strings.TrimSpace(string(out)))
			if os.Getenv("CI") == "true" {
				t.Fatal(msg)
			}
			t.Skip(msg)
		}
	}
	return fmt.Sprintf("%s:%d", remote, port)
}
