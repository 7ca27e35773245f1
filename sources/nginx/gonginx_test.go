package nginx

import (
	"strings"
	"testing"

	"github.com/tufanbarisyildirim/gonginx/config"
	"github.com/tufanbarisyildirim/gonginx/parser"
)

// gonginx gives the adapter its table of the directives nginx.org
// documents (checks.go). Its parser and its upstream server type are not
// used; these tests pin the reasons doc.go and the README give, so that a
// gonginx upgrade that lifts one of them is noticed.

func gonginxParse(src string) (*config.Config, error) {
	return parser.NewStringParser(src, parser.WithSkipValidDirectivesErr()).Parse()
}

// TestGonginxRejectsWhatNginxAccepts: crossplane's "returns" fixture, which
// nginx -t accepts.
func TestGonginxRejectsWhatNginxAccepts(t *testing.T) {
	src := "events {}\nhttp {\n    server {\n        listen 80;\n        location / {\n            proxy_pass http://127.0.0.1:9;\n        }\n        if ($request_method = P\\{O\\)\\###\\;ST  ){}\n    }\n}\n"
	cfgs, errs := loadString(t, t.TempDir(), src)
	if len(errs) > 0 || len(cfgs[0].Sites[0].Routes) != 1 {
		t.Fatalf("the adapter: %v", errs)
	}
	if _, err := gonginxParse(src); err == nil {
		t.Error("gonginx reads it now: see whether its parser can do more here (doc.go)")
	}
}

// TestGonginxPositions: gonginx records no column, and for a block or a
// directive over several lines the line where it ends; nginx -t and the
// model point at where it starts.
func TestGonginxPositions(t *testing.T) {
	src := "events {}\nhttp {\n    proxy_read_timeout\n        5s;\n}\n"
	cfgs, errs := loadString(t, t.TempDir(), src)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var http, prt string
	for _, d := range cfgs[0].Directives {
		switch d.Name {
		case "http":
			http = d.Pos.String()
		case "proxy_read_timeout":
			prt = d.Pos.String()
		}
	}
	if !strings.HasSuffix(http, ":2:1") || !strings.HasSuffix(prt, ":3:5") {
		t.Fatalf("the model: http at %s, proxy_read_timeout at %s", http, prt)
	}
	c, err := gonginxParse(src)
	if err != nil {
		t.Fatal(err)
	}
	h := c.FindDirectives("http")[0]
	p := c.FindDirectives("proxy_read_timeout")[0]
	if h.GetLine() == 2 && p.GetLine() == 3 {
		t.Error("gonginx records where directives start now: see doc.go")
	}
}

// TestGonginxUpstreamServer: gonginx keeps an upstream server's parameters
// in a map of strings, so a repeated one loses the first writing, which
// nginx rejects at its own position; the adapter reports it there.
func TestGonginxUpstreamServer(t *testing.T) {
	src := "events {}\nhttp {\n    upstream b {\n        server 127.0.0.1:8080 weight=x weight=2;\n    }\n}\n"
	_, errs := loadString(t, t.TempDir(), src)
	if len(errs) != 1 || errs[0].Pos.Line != 4 || errs[0].Pos.Col != 31 || !strings.Contains(errs[0].Message, `invalid parameter "weight=x"`) {
		t.Fatalf("the adapter: %v", errs)
	}
	c, err := gonginxParse(src)
	if err != nil {
		t.Fatal(err)
	}
	us := c.FindUpstreams()[0].UpstreamServers[0]
	if len(us.Parameters) != 1 || us.Parameters["weight"] != "2" {
		t.Errorf("gonginx keeps %v now: see whether endpoint() can use it", us.Parameters)
	}
}
