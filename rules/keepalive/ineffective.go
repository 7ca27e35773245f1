package keepalive

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

//go:embed docs/upstream-keepalive-ineffective.md
var ineffectiveDoc string

// Ineffective: an upstream keepalive cache only keeps connections the
// backend leaves open. Before nginx 1.29.7 proxying speaks HTTP/1.0 and
// sends "Connection: close", so every connection is closed after one
// request unless the location asks for HTTP/1.1 and clears Connection;
// FastCGI needs fastcgi_keep_conn on.
var Ineffective = &lint.Rule{
	ID:       "EL5001",
	Name:     "upstream-keepalive-ineffective",
	Category: lint.CategoryKeepalive,
	Title:    "upstream keepalive configured but the location closes every connection",
	Doc:      ineffectiveDoc,
	Severity: lint.Warning,
	Sources:  []lint.SourceKind{lint.Nginx},
	// A setting missing here may be set in the http block of the tree
	// that includes a fragment: judge only whole trees.
	WholeTree: true,
	Check:     checkIneffective,
}

func checkIneffective(p *lint.Pass) error {
	defs := targetDefaults(p.Config)
	for r, up := range p.Config.PooledRoutes() {
		if !up.Keepalive.Set || up.Keepalive.Value <= 0 {
			continue
		}
		ka := fmt.Sprintf("keepalive %d in upstream %s", up.Keepalive.Value, up.Name)
		related := []lint.Related{{Pos: up.Keepalive.Pos, Message: "keepalive set here"}}
		switch r.Protocol {
		case lint.ProtoHTTP:
			if pos, why, fix := closesHTTP(r, defs); why != "" {
				p.Report(pos, fmt.Sprintf("%s has no effect here: %s → every request opens a new connection to the backend (the keepalive cache stays empty); %s", ka, why, fix), related...)
			}
		case lint.ProtoFastCGI:
			if !r.KeepConn.Value {
				p.Report(lint.FirstPos(r.KeepConn.Pos, r.Pos), fmt.Sprintf("%s has no effect here: fastcgi_keep_conn is off, so the FastCGI server closes the connection after each request → every request opens a new connection to the backend; set fastcgi_keep_conn on", ka), related...)
			}
		}
	}
	return nil
}

// closesHTTP says why a proxied location ends every upstream connection,
// where to fix it and how; why is empty when connections can be reused or
// when only the defaults of an nginx version nobody stated would close them.
func closesHTTP(r *lint.Route, defs defaults) (at lint.Position, why, fix string) {
	ver := r.HTTPVersion.Value
	defaulted := !r.HTTPVersion.Set || ver == ""
	if defaulted {
		// Without a stated version only what closes the connection under
		// both defaults is reported: an explicit Connection: close, which
		// the HTTP/1.1 branch finds.
		ver = "1.1"
		if defs == oldDefaults {
			ver = "1.0"
		}
	}
	verPos := lint.FirstPos(r.HTTPVersion.Pos, r.Pos)
	const clear = `proxy_set_header Connection ""`
	if ver == "1.0" {
		if r.HTTPVersion.Set {
			return verPos, "proxy_http_version 1.0 makes the backend close the connection after each response",
				"set proxy_http_version 1.1"
		}
		return verPos, "nginx before 1.29.7 speaks HTTP/1.0 to upstreams by default, so the backend closes the connection after each response",
			"add proxy_http_version 1.1 and " + clear
	}
	if ver != "1.1" {
		return lint.Position{}, "", ""
	}
	for _, h := range r.Headers {
		if !strings.EqualFold(h.Name, "Connection") {
			continue
		}
		v := strings.TrimSpace(h.Value)
		if strings.Contains(v, "$") || !strings.EqualFold(v, "close") {
			// Cleared, keep-alive, or chosen per request (WebSocket
			// upgrade maps): the user controls it deliberately.
			return lint.Position{}, "", ""
		}
		fix := "use " + clear
		if defaulted && defs == unknownDefaults {
			fix += " (and proxy_http_version 1.1 before nginx 1.29.7)"
		}
		return h.Pos, "proxy_set_header Connection close asks the backend to close the connection after each response", fix
	}
	if defs != oldDefaults {
		return lint.Position{}, "", ""
	}
	return r.Pos, "nginx before 1.29.7 sends \"Connection: close\" unless the location clears it", "add " + clear
}
