package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/edgelint/edgelint/internal/output/report"
	"github.com/edgelint/edgelint/internal/output/ruledocs"
	"github.com/edgelint/edgelint/internal/processors"
	"github.com/edgelint/edgelint/internal/routes"
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources"
)

// routes prints the route table: every hostname and path with its chain
// from the CDN to the backend. The rules run too, so each hop shows the
// findings that break it; findings never change the exit code here
// (routes is a view, check is the gate).
func (e *env) routes(args []string) (int, error) {
	fs := flag.NewFlagSet("routes", flag.ContinueOnError)
	var lf lintFlags
	lf.register(fs)
	source := fs.String("source", "", "treat every file as `KIND`: nginx, apache or cloudflare (default: detected)")
	var snapshots listFlag
	fs.Var(&snapshots, "cloudflare-snapshot", "add the CDN layer from a snapshot `FILE` (written by dump cloudflare); repeatable")
	var plans listFlag
	fs.Var(&plans, "terraform-plan", "read the Cloudflare zones from a Terraform plan `FILE` (terraform show -json plan.out) instead of the .tf files; repeatable")
	host := fs.String("host", "", "only routes of hostname `NAME` (a glob: *.example.com)")
	pathPrefix := fs.String("path", "", "only routes whose path starts with `PREFIX`")
	upstream := fs.String("upstream", "", "only routes to upstream `NAME` (or a pass address containing it)")
	paths, err := parse(fs, args)
	if err == flag.ErrHelp {
		return ExitOK, e.help(fs, "edgelint routes [flags] [PATH...]  (--format "+strings.Join(report.RouteFormats, ", ")+")")
	}
	if err != nil {
		return ExitUsage, err
	}
	var force lint.SourceKind
	switch *source {
	case "":
	case "nginx", "apache", "cloudflare":
		force = lint.SourceKind(*source)
	default:
		return ExitUsage, usagef("--source %q: want nginx, apache or cloudflare", *source)
	}
	// html goes through the reporters (with the findings); the table
	// formats are written here.
	var tables []output
	var html listFlag
	for _, spec := range lf.formats {
		name, file, _ := strings.Cut(spec, "=")
		switch name {
		case "html":
			if file == "" {
				return ExitUsage, usagef("--format html needs a file: --format html=report.html")
			}
			html = append(html, spec)
		case "text", "json", "markdown":
			tables = append(tables, output{format: name, path: file})
		default:
			return ExitUsage, usagef("--format %q: want %s", spec, strings.Join(report.RouteFormats, ", "))
		}
	}
	if len(lf.formats) == 0 {
		tables = []output{{format: "text"}}
	}
	lf.formats = html
	s, err := e.prepare(&lf)
	if err != nil {
		return ExitUsage, err
	}
	var res sources.Result
	if len(paths) > 0 || len(plans) == 0 {
		// (a plan alone draws the plan's zones, as check lints them)
		if len(paths) == 0 {
			paths = []string{"."}
		}
		res = loadPaths(paths, force, s.load)
	}
	rep, err := e.lintOnly(s, withCDN(res, snapshots, plans, s.load))
	if err != nil {
		return ExitIncomplete, err
	}
	rep.Routes = routes.Filter(rep.Routes, *host, *pathPrefix, *upstream)
	rep.RoutesOnly = true
	if len(html) > 0 {
		if err := e.write(s, rep); err != nil {
			return ExitIncomplete, err
		}
	}
	for _, o := range tables {
		if err := e.writeRoutes(o, rep.Routes); err != nil {
			return ExitIncomplete, err
		}
	}
	for _, le := range rep.Errors {
		fmt.Fprintf(e.stderr, "edgelint: %v\n", le)
	}
	if len(rep.Errors) > 0 {
		return ExitIncomplete, nil
	}
	return ExitOK, nil
}

// lintOnly runs the rules and the processors like check, and returns the
// report with every route, without writing it.
func (e *env) lintOnly(s *session, loaded sources.Result) (*report.Report, error) {
	var active []*lint.Rule
	for _, r := range s.reg.Rules() {
		if s.enabled[r.ID] && !r.Synthetic {
			active = append(active, r)
		}
	}
	runner := &lint.Runner{Rules: active, Settings: s.settings, DocsURL: ruledocs.DocsURL}
	findings, ruleErrs := runner.Run(loaded.Configs)
	errs := append(loaded.Errors, ruleErrs...)
	findings, _, err := s.processors(runner, loaded.Configs).Run(&processors.Context{Configs: loaded.Configs}, findings)
	if err != nil {
		return nil, err
	}
	lint.SortErrors(errs)
	rep := &report.Report{
		Tool:     report.Tool{Name: "edgelint", Version: version(), InformationURI: InformationURI},
		Rules:    s.reg.Rules(),
		DocsURL:  ruledocs.DocsURL,
		Findings: findings,
		Errors:   errs,
		Notices:  loaded.Notices,
	}
	rep.Files, rep.Zones = inputs(loaded.Configs)
	rep.Routes = routeTable(loaded.Configs, rep)
	return rep, nil
}

// routeTable builds the routes of configs with rep's findings on their
// hops.
func routeTable(configs []*lint.Config, rep *report.Report) []*routes.Route {
	rs := routes.Build(configs)
	byID := map[string]*lint.Rule{}
	for _, r := range rep.Rules {
		byID[r.ID] = r
	}
	routes.Attach(rs, rep.Findings, func(f lint.Finding) string {
		if f.Docs != "" {
			return f.Docs
		}
		if r := byID[f.RuleID]; r != nil && rep.DocsURL != nil {
			return rep.DocsURL(r)
		}
		return ""
	})
	return rs
}

// htmlRoutes fills the report's routes when an html output is asked for
// (check draws them too).
func (s *session) htmlRoutes(configs []*lint.Config, rep *report.Report) {
	for _, o := range s.outputs {
		if o.format == "html" && rep.Routes == nil {
			rep.Routes = routeTable(configs, rep)
		}
	}
}

func (e *env) writeRoutes(o output, rs []*routes.Route) error {
	write := func(w io.Writer) error {
		switch o.format {
		case "json":
			return report.WriteRoutesJSON(w, rs)
		case "markdown":
			return report.WriteRoutesMarkdown(w, rs)
		}
		width := 0
		if w == e.stdout {
			width = termWidth(e.stdout)
		}
		return report.WriteRoutesText(w, rs, width)
	}
	if o.path == "" {
		return write(e.stdout)
	}
	f, err := os.Create(o.path)
	if err != nil {
		return fmt.Errorf("--format %s=%s: %v", o.format, o.path, err)
	}
	werr := write(f)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return fmt.Errorf("--format %s=%s: %v", o.format, o.path, werr)
	}
	return nil
}
