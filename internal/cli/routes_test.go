package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/edgelint/edgelint/internal/testsupport/gentree"
	"github.com/edgelint/edgelint/internal/testsupport/realserver"
)

type routesJSON struct {
	Version int `json:"version"`
	Routes  []struct {
		Host string `json:"host"`
		Path string `json:"path"`
		Hops []struct {
			Kind   string `json:"kind"`
			Values []struct {
				Key, Value, From string
			} `json:"values"`
			Timeout *struct {
				Value string `json:"value"`
			} `json:"timeout"`
			Findings []struct {
				Rule string `json:"rule"`
			} `json:"findings"`
		} `json:"hops"`
	} `json:"routes"`
}

func routesOf(t *testing.T, args ...string) routesJSON {
	t.Helper()
	r := run(t, append([]string{"routes", "--format", "json"}, args...)...).expect(t, ExitOK)
	var out routesJSON
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	return out
}

// examples/chain is the whole chain: a Cloudflare zone, nginx, a PHP-FPM
// pool and MySQL; each of its findings sits on a hop it breaks.
func TestRoutesChain(t *testing.T) {
	got := routesOf(t, "../../examples/chain")
	if got.Version != 1 || len(got.Routes) != 1 {
		t.Fatalf("version %d, %d routes, want version 1 and one route", got.Version, len(got.Routes))
	}
	r := got.Routes[0]
	if r.Host != "shop.example.org" || r.Path != `~ \.php$` {
		t.Errorf("route %s %s", r.Host, r.Path)
	}
	var kinds, timeouts []string
	rules := map[string][]string{}
	for _, h := range r.Hops {
		kinds = append(kinds, h.Kind)
		if h.Timeout != nil {
			timeouts = append(timeouts, h.Timeout.Value)
		}
		for _, f := range h.Findings {
			rules[h.Kind] = append(rules[h.Kind], f.Rule)
		}
		for _, v := range h.Values {
			if v.From == "" {
				t.Errorf("%s %s: no origin", h.Kind, v.Key)
			}
		}
	}
	if strings.Join(kinds, " ") != "cdn proxy backend database" || strings.Join(timeouts, " ") != "100s 5m 30s" {
		t.Errorf("hops %v, timeouts %v", kinds, timeouts)
	}
	if !strings.Contains(strings.Join(rules["cdn"], " "), "EL4301") || !strings.Contains(strings.Join(rules["backend"], " "), "EL4601") ||
		!strings.Contains(strings.Join(rules["database"], " "), "EL1610") {
		t.Errorf("findings on hops: %v", rules)
	}
	for _, f := range []struct{ flag, value string }{{"--host", "other.example.org"}, {"--path", "/api/"}, {"--upstream", "app"}} {
		if n := len(routesOf(t, f.flag, f.value, "../../examples/chain").Routes); n != 0 {
			t.Errorf("%s %s: %d routes, want none", f.flag, f.value, n)
		}
	}
	if n := len(routesOf(t, "--host", "*.example.org", "../../examples/chain").Routes); n != 1 {
		t.Errorf("--host *.example.org: %d routes, want 1", n)
	}
	text := run(t, "routes", "../../examples/chain").expect(t, ExitOK).stdout
	for _, want := range []string{"CDN 100s < proxy 5m > php-fpm 30s", "nginx.conf:24:13", "(default)", "EL4601"} {
		if !strings.Contains(text, want) {
			t.Errorf("text output lacks %q:\n%s", want, text)
		}
	}
	md := run(t, "routes", "--format", "markdown", "../../examples/chain").expect(t, ExitOK).stdout
	if !strings.Contains(md, "| shop.example.org |") {
		t.Errorf("markdown:\n%s", md)
	}
	run(t, "routes", "--format", "sarif", "../../examples/chain").expect(t, ExitUsage)
	run(t, "routes", "--format", "html", "../../examples/chain").expect(t, ExitUsage)
}

// chromium is Debian's headless browser; the browser tests follow the
// real-server switch: skipped without it, failed in CI.
func chromium(t *testing.T) string {
	t.Helper()
	realserver.Require(t)
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if realserver.Required() {
		t.Fatal("chromium is not installed; CI must install it (apt-get install chromium)")
	}
	t.Skip("chromium is not installed: skipping the browser test (apt-get install chromium)")
	return ""
}

// browse loads a page headless and returns the DOM after its script ran,
// and what the browser logged (console errors among it).
func browse(t *testing.T, bin, url string, extra ...string) (dom, log string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	args := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--enable-logging=stderr", "--v=0",
		"--user-data-dir=" + t.TempDir(), "--virtual-time-budget=5000"}, extra...)
	if len(extra) == 0 {
		args = append(args, "--dump-dom")
	}
	cmd := exec.CommandContext(ctx, bin, append(args, url)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %s: %v\n%s", url, err, stderr.String())
	}
	return string(out), stderr.String()
}

// consoleErrors picks the page's errors out of chromium's log.
func consoleErrors(log string) []string {
	var errs []string
	for _, l := range strings.Split(log, "\n") {
		if strings.Contains(l, "CONSOLE") && (strings.Contains(l, "Uncaught") || strings.Contains(l, "Error")) {
			errs = append(errs, l)
		}
	}
	return errs
}

var (
	findingRowRE = regexp.MustCompile(`<tr id="finding-\d+" class="finding"`)
	routeRE      = regexp.MustCompile(`<section class="route[^"]*" id="route-\d+"`)
	hopRE        = regexp.MustCompile(`<g class="hop hop-(\w+)"`)
)

// artifacts is where the browser test keeps its screenshots:
// $EDGELINT_ARTIFACTS when set (CI keeps that directory), else a
// temporary directory.
func artifacts(t *testing.T) string {
	if d := os.Getenv("EDGELINT_ARTIFACTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// The HTML report of examples/chain, opened in a real browser: the chain
// is drawn with a box per hop, the broken hops are highlighted and
// linked, the finding and route counts match the JSON, and the filters
// change what is shown.
func TestHTMLReportInBrowser(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	jsonOut := filepath.Join(dir, "report.json")
	run(t, "check", "--format", "html="+page, "--format", "json="+jsonOut, "../../examples/chain").expect(t, ExitFindings)
	var rep struct {
		Findings []json.RawMessage `json:"findings"`
	}
	b, err := os.ReadFile(jsonOut)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	html, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	for _, banned := range []string{"<link", "src=\"http", "href=\"//", "@import", "url("} {
		if strings.Contains(string(html), banned) {
			t.Errorf("the report refers outside itself: %q", banned)
		}
	}

	dom, log := browse(t, bin, "file://"+page)
	if errs := consoleErrors(log); len(errs) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(errs, "\n"))
	}
	if !strings.Contains(dom, `data-ready="1"`) {
		t.Fatalf("the report's script did not finish:\n%s", log)
	}
	if n := len(findingRowRE.FindAllString(dom, -1)); n != len(rep.Findings) {
		t.Errorf("%d findings in the DOM, %d in the JSON", n, len(rep.Findings))
	}
	if n := len(routeRE.FindAllString(dom, -1)); n != 1 {
		t.Errorf("%d routes in the DOM, want 1", n)
	}
	var hops []string
	for _, m := range hopRE.FindAllStringSubmatch(dom, -1) {
		hops = append(hops, m[1])
	}
	if strings.Join(hops, " ") != "cdn proxy backend database" {
		t.Errorf("chain boxes %v, want cdn proxy backend database", hops)
	}
	for _, want := range []string{`class="box warning"`, `href="#finding-`, "100s", "5m", "30s", "docs/rules/EL4601.md"} {
		if !strings.Contains(dom, want) {
			t.Errorf("DOM lacks %q", want)
		}
	}

	// Filters read the URL: no error in this tree, two warnings.
	dom, _ = browse(t, bin, "file://"+page+"?severity=error")
	if n := len(findingRowRE.FindAllString(dom, -1)); n != 0 || !strings.Contains(dom, "no findings match") {
		t.Errorf("?severity=error: %d findings shown, want none", n)
	}
	dom, _ = browse(t, bin, "file://"+page+"?rule=EL4601")
	if n := len(findingRowRE.FindAllString(dom, -1)); n != 1 {
		t.Errorf("?rule=EL4601: %d findings shown, want 1", n)
	}
	dom, _ = browse(t, bin, "file://"+page+"?host=nothing-here")
	if n := len(routeRE.FindAllString(dom, -1)); n != 0 {
		t.Errorf("?host=nothing-here: %d routes shown, want none", n)
	}

	shot := filepath.Join(artifacts(t), "report-chain.png")
	browse(t, bin, "file://"+page, "--window-size=1280,900", "--screenshot="+shot)
	if st, err := os.Stat(shot); err != nil || st.Size() == 0 {
		t.Errorf("no screenshot: %v", err)
	}
	t.Logf("screenshot: %s", shot)
}

// Config text reaches the page only as text: a location written to
// close the SVG and open a script stays a string, the script never runs.
func TestHTMLReportEscapes(t *testing.T) {
	bin := chromium(t)
	hostile := `/x"'</svg></script><script>document.title='pwned'</script><img src=x onerror=alert(1)>`
	dir := inTemp(t, map[string]string{"nginx.conf": "events {}\nhttp {\n server {\n  listen 80;\n  server_name evil.example;\n" +
		"  location \"" + strings.ReplaceAll(hostile, `"`, `\"`) + "\" {\n   proxy_pass http://127.0.0.1:8080;\n  }\n }\n}\n"})
	page := filepath.Join(dir, "report.html")
	run(t, "routes", "--format", "html="+page, ".").expect(t, ExitOK)
	dom, log := browse(t, bin, "file://"+page)
	if errs := consoleErrors(log); len(errs) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(errs, "\n"))
	}
	if strings.Contains(dom, "pwned") && strings.Contains(dom, "<title>pwned") {
		t.Fatal("the config's script ran")
	}
	if strings.Contains(dom, "<img src=\"x\"") || strings.Contains(dom, "<script>document.title") {
		t.Errorf("config text became markup:\n%s", dom)
	}
	if !strings.Contains(dom, "&lt;/svg&gt;&lt;/script&gt;&lt;script&gt;") {
		t.Errorf("the hostile location is not shown as text")
	}
}

// The report of a large generated tree (the benchmark's 137k lines with a
// Cloudflare zone) opens: one page of routes is drawn, the counts match.
func TestHTMLReportLargeTree(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	tree, err := gentree.Generate(filepath.Join(dir, "tree"), gentree.Options{Kind: gentree.Nginx, Lines: 137000, Seed: 1, Cloudflare: true})
	if err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "report.html")
	jsonOut := filepath.Join(dir, "routes.json")
	// One run writes both, so the 137k lines are read once.
	run(t, "routes", "--format", "html="+page, "--format", "json="+jsonOut, tree.Dir).expect(t, ExitOK)
	b, err := os.ReadFile(jsonOut)
	if err != nil {
		t.Fatal(err)
	}
	var table routesJSON
	if err := json.Unmarshal(b, &table); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(page)
	if err != nil {
		t.Fatal(err)
	}
	// Linear: a few kilobytes a route, not a page per route.
	if per := st.Size() / int64(tree.Routes); per > 4096 {
		t.Errorf("%d bytes a route (%d routes, %d bytes)", per, tree.Routes, st.Size())
	}
	dom, log := browse(t, bin, "file://"+page)
	if errs := consoleErrors(log); len(errs) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(errs, "\n"))
	}
	if n := len(routeRE.FindAllString(dom, -1)); n != 50 {
		t.Errorf("%d routes drawn, want one page of 50", n)
	}
	total := len(table.Routes)
	if total < 1000 {
		t.Errorf("%d routes in the JSON of a 137k-line tree", total)
	}
	pager := fmt.Sprintf("page 1 of %d · %d of %d routes", (total+49)/50, total, total)
	if !strings.Contains(dom, pager) {
		t.Errorf("no %q in the page", pager)
	}
}

// routes --terraform-plan draws the CDN hop from the plan's zones, as
// check lints them: with the .tf files of the same configuration under
// the PATH the zone is drawn once, from the plan (its positions are the
// resources a plan names), and a plan alone draws only the plan.
func TestRoutesTerraformPlan(t *testing.T) {
	plan := filepath.Join("..", "..", "sources", "terraform", "testdata", "plan", "twin", "plan.json")
	// the hosts with a CDN hop, each with where its record came from
	cdnHops := func(got routesJSON) (hops []string) {
		seen := map[string]bool{}
		for _, r := range got.Routes {
			for _, h := range r.Hops {
				if hop := r.Host + " " + h.Values[0].From; h.Kind == "cdn" && !seen[hop] {
					seen[hop] = true
					hops = append(hops, hop)
				}
			}
		}
		return hops
	}
	tf := cdnHops(routesOf(t, "../../examples/terraform/broken"))
	withPlan := routesOf(t, "--terraform-plan", plan, "../../examples/terraform/broken")
	alone := cdnHops(routesOf(t, "--terraform-plan", plan))
	if len(tf) == 0 || len(cdnHops(withPlan)) != len(tf) || len(alone) != len(tf) {
		t.Fatalf("cdn hops: .tf files %v, plan and .tf files %v, plan alone %v", tf, cdnHops(withPlan), alone)
	}
	for i, h := range cdnHops(withPlan) {
		if !strings.Contains(h, " cloudflare:zone/") || strings.Contains(h, "main.tf") || h != alone[i] {
			t.Errorf("hop %d from the plan: %q (alone %q), the .tf files gave %q", i, h, alone[i], tf[i])
		}
	}
	proxied := false
	for _, r := range withPlan.Routes {
		for _, h := range r.Hops {
			proxied = proxied || h.Kind == "proxy"
		}
	}
	if !proxied {
		t.Error("the origin beside the plan's zone is not drawn")
	}
	r := run(t, "routes", "--terraform-plan", "no-such-plan.json").expect(t, ExitIncomplete)
	if !strings.Contains(r.stderr, "no-such-plan.json") {
		t.Errorf("a missing plan: %q", r.stderr)
	}
}
