package gentree

import (
	"fmt"
	"strings"
)

// NginxFindings is the tree of ../shared/bench/gen-nginx.py (issue 16), written
// here so benchmarks and scripts need no Python: 200 upstream pools in
// nginx.conf's http{}, then server blocks of 9 locations each that pass
// to the pools with proxy_read_timeout 30s-38s. Under --nginx-version
// 1.22.1 every location is a finding (EL5001: keepalive pool without
// proxy_http_version 1.1 and a cleared Connection header), so the tree
// measures the findings pipeline and the report as much as loading.
//
// Options.Lines sets the size (68 lines a server block: 2,000 server
// blocks at the script's 137,000 lines); the seed is not used, the tree
// is the same for the same size. By default each server block is a
// sites/siteNNNN.conf file included by "include sites/*.conf;", as the
// script writes them; with Options.SingleFile every block is inside
// nginx.conf's http{} (-lines 1280000 writes about 31 MB, one file).
const NginxFindings = "nginx-findings"

const (
	findingsUpstreams = 200
	findingsLocations = 9
	findingsSiteLines = 5 + 7*findingsLocations
)

func (g *gen) nginxFindings() {
	g.dirs = append(g.dirs, "logs", "tmp")
	sites := max(1, (g.opt.Lines-5*findingsUpstreams-12+findingsSiteLines/2)/findingsSiteLines)
	ups := min(findingsUpstreams, sites)
	b := g.file("nginx.conf", true)
	b.WriteString("pid logs/nginx.pid;\nerror_log logs/error.log;\nevents { worker_connections 64; }\nhttp {\n")
	for _, t := range []string{"client_body", "proxy", "fastcgi", "uwsgi", "scgi"} {
		fmt.Fprintf(b, " %s_temp_path tmp/%s_temp;\n", t, t)
	}
	b.WriteString(" access_log off;\n server_names_hash_bucket_size 128;\n")
	if sites > 2000 {
		// nginx's default hash size fits the script's 2,000 sites; past
		// it nginx -t warns once per server block and spends its time
		// looking for a hash that fits.
		b.WriteString(" server_names_hash_max_size 131072;\n")
	}
	for u := range ups {
		fmt.Fprintf(b, " upstream u%d {\n  server 127.0.0.1:%d max_fails=3 fail_timeout=10s;\n  server 127.0.0.2:%d;\n  keepalive 8;\n }\n", u, 10000+u, 10000+u)
	}
	g.tree.Upstreams = ups
	var site strings.Builder
	for s := range sites {
		site.Reset()
		fmt.Fprintf(&site, "server {\n listen %d;\n server_name site%d.example.test www.site%d.example.test;\n root /srv/site%d;\n", 8000+s%50, s, s, s)
		for l := range findingsLocations {
			fmt.Fprintf(&site, " location /p%d/ {\n  proxy_pass http://u%d;\n  proxy_set_header Host $host;\n"+
				"  proxy_set_header X-Real-IP $remote_addr;\n  proxy_read_timeout %ds;\n  proxy_connect_timeout 5s;\n }\n",
				l, (s+l)%ups, 30+l)
		}
		site.WriteString("}\n")
		if g.opt.SingleFile {
			b.WriteString(site.String())
		} else {
			g.file(fmt.Sprintf("sites/site%04d.conf", s), true).WriteString(site.String())
		}
		g.tree.Sites++
		g.tree.Routes += findingsLocations
	}
	if !g.opt.SingleFile {
		b.WriteString(" include sites/*.conf;\n")
	}
	b.WriteString("}\n")
}
