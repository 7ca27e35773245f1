package nginx

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/realserver"
)

// notInThisNginx are listed directives the Debian nginx here cannot judge
// (the stream module is not installed): their counts come from nginx's
// sources alone.
var notInThisNginx = map[string]bool{"proxy_timeout": true, "proxy_responses": true,
	"ssl_preread": true, "proxy_protocol": true, "proxy_ssl": true, "stream": true, "mail": true}

// TestArityAgainstNginx runs each directive of arities through the real
// nginx -t with one argument too few and one too many (nginx's "invalid
// number of arguments") and with the smallest and largest count (any
// other message), in the first context that allows it.
func TestArityAgainstNginx(t *testing.T) {
	if testing.Short() {
		t.Skip("runs nginx -t about a thousand times")
	}
	bin := realserver.Nginx(t)
	dir := t.TempDir()
	templates := []string{
		"events {}\nhttp {\n server {\n location / {\nX\n}\n}\n}\n",
		"events {}\nhttp {\n server {\nX\n}\n}\n",
		"events {}\nhttp {\nX\n}\n",
		"X\nevents {}\nhttp {}\n",
		"events {\nX\n}\nhttp {}\n",
		"events {}\nhttp {\n upstream u {\n server 127.0.0.1;\nX\n}\n}\n",
		"events {}\nhttp {\n server {\n location / {\n limit_except GET {\nX\n}\n}\n}\n}\n",
	}
	run := func(conf string) string {
		p := filepath.Join(dir, "nginx.conf")
		if err := os.WriteFile(p, []byte(conf), 0o644); err != nil {
			t.Fatal(err)
		}
		out, _ := exec.Command(bin, "-t", "-q", "-p", dir, "-c", p, "-g", "pid "+dir+"/pid; error_log stderr;").CombinedOutput()
		return string(out)
	}
	stmt := func(name string, n int, flag bool) string {
		args := make([]string, n)
		for i := range args {
			args[i] = "1"
			if flag {
				args[i] = "on"
			}
		}
		s := strings.TrimSpace(name + " " + strings.Join(args, " "))
		if blockDirectives[name] || name == "server" {
			return s + " {}"
		}
		return s + ";"
	}
	names := make([]string, 0, len(arities))
	for n := range arities {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		if notInThisNginx[name] {
			continue
		}
		a := arities[name]
		tmpl := ""
		for _, tp := range templates {
			out := run(strings.Replace(tp, "X", stmt(name, a.min, a.flag), 1))
			if !strings.Contains(out, "is not allowed here") && !strings.Contains(out, "unknown directive") {
				tmpl = tp
				break
			}
		}
		if tmpl == "" {
			t.Errorf("%s: no context of the test allows it", name)
			continue
		}
		bad := fmt.Sprintf("invalid number of arguments in %q directive", name)
		try := func(n int, wantBad bool) {
			out := run(strings.Replace(tmpl, "X", stmt(name, n, a.flag), 1))
			if strings.Contains(out, bad) != wantBad {
				t.Errorf("%s with %d arguments: nginx -t says %q", name, n, strings.TrimSpace(out))
			}
		}
		try(a.min, false)
		if a.min > 0 {
			try(a.min-1, true)
		}
		if a.max >= 0 {
			try(a.max, false)
			try(a.max+1, true)
		} else {
			try(a.min+3, false)
		}
		if a.flag {
			out := run(strings.Replace(tmpl, "X", name+" x;", 1))
			want := fmt.Sprintf("invalid value \"x\" in %q directive, it must be \"on\" or \"off\"", name)
			if !strings.Contains(out, want) {
				t.Errorf("%s x: nginx -t says %q", name, strings.TrimSpace(out))
			}
		}
	}
}
