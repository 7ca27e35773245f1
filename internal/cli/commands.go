package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources"
	"github.com/edgelint/edgelint/sources/cloudflare"
	"github.com/edgelint/edgelint/sources/input"
	"github.com/edgelint/edgelint/sources/terraform"
)

func (e *env) check(args []string) (int, error) {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	var lf lintFlags
	lf.register(fs)
	source := fs.String("source", "", "treat every file as `KIND`: nginx, apache, cloudflare, php-fpm, compose or cloudflared (default: detected)")
	stdinName := fs.String("stdin-filename", "-", "report findings in standard input (PATH -) under `NAME`, e.g. the file an editor shows")
	var snapshots listFlag
	fs.Var(&snapshots, "cloudflare-snapshot", "add the CDN layer from a snapshot `FILE` (written by dump cloudflare); repeatable")
	var plans listFlag
	fs.Var(&plans, "terraform-plan", "read the Cloudflare zones from a Terraform plan `FILE` (terraform show -json plan.out) instead of the .tf files; repeatable")
	changed := fs.Bool("changed", false, "the PATHs are changed files (pre-commit passes them): lint every include tree of the repository that reads one, entry points included, and report only those trees")
	all := fs.Bool("all", false, "lint the whole repository (the git root of the working directory) whatever PATHs are given")
	paths, err := parse(fs, args)
	if err == flag.ErrHelp {
		return ExitOK, e.help(fs, "edgelint check [flags] [PATH...]",
			"edgelint check deploy/nginx                          lint a tree (entry points found)",
			"edgelint check --format compact . | grep error       one line per finding",
			"edgelint check --format json --format sarif=out.sarif",
			"edgelint check --source nginx - < site.conf          lint standard input (editors)",
			"edgelint check --cloudflare-snapshot zones.json deploy/",
			"edgelint check infra/ deploy/nginx                   a Terraform zone and its origin",
			"edgelint check --terraform-plan plan.json deploy/")
	}
	if err != nil {
		return ExitUsage, err
	}
	var force lint.SourceKind
	switch *source {
	case "":
	case "nginx", "apache", "cloudflare", "php-fpm", "compose", "cloudflared":
		force = lint.SourceKind(*source)
	default:
		return ExitUsage, usagef("--source %q: want nginx, apache, cloudflare, php-fpm, compose or cloudflared", *source)
	}
	named := len(paths) > 0
	var touched *changedSet
	switch {
	case *all:
		paths = []string{input.RepoOf(".")}
	case *changed:
		cs := newChangedSet(paths)
		touched, paths = &cs, []string{input.RepoOf(".")}
	case len(paths) == 0:
		paths = []string{"."}
	}
	lf.paths = configPaths(paths)
	s, err := e.prepare(&lf)
	if err != nil {
		return ExitUsage, err
	}
	paths, done, err := e.readStdin(s, paths, *stdinName)
	if err != nil {
		return exitFor(err), err
	}
	defer done()
	var res sources.Result
	if named || *all || *changed || len(plans) == 0 {
		// (a plan alone lints the plan: its .tf files give the same zones)
		res = loadPaths(paths, force, s.load)
	}
	if touched != nil {
		res = touched.affected(res)
	}
	return e.run(s, withCDN(res, snapshots, plans, s.load))
}

// withCDN adds the zones of Cloudflare snapshots (--cloudflare-snapshot)
// and Terraform plans (--terraform-plan) to what the PATHs gave. A plan is
// the Terraform with its values known, so the .tf files under the PATHs,
// which would give the same zones again, are dropped then.
func withCDN(res sources.Result, snapshots, plans []string, load input.Options) sources.Result {
	for _, snap := range snapshots {
		cfgs, serrs := cloudflare.Load(snap, load)
		res.Configs = append(res.Configs, cfgs...)
		res.Errors = append(res.Errors, serrs...)
	}
	if len(plans) > 0 {
		res = sources.WithoutTerraform(res)
	}
	for _, plan := range plans {
		cfgs, perrs := terraform.LoadPlan(plan, load)
		res.Configs = append(res.Configs, cfgs...)
		res.Errors = append(res.Errors, perrs...)
	}
	return res
}

// loadPaths loads local configuration; a path under which nothing could be
// recognised is an error, so a mistyped path cannot make a CI gate pass.
// Configuration that was recognised and deliberately left out (templates)
// is not "nothing": its notices say why it was not linted.
func loadPaths(paths []string, force lint.SourceKind, opts input.Options) sources.Result {
	res := sources.Load(paths, force, opts)
	if len(res.Configs) == 0 && len(res.Errors) == 0 && len(res.Notices) == 0 {
		res.Errors = append(res.Errors, lint.LoadError{Message: fmt.Sprintf(
			"found no nginx, Apache or Cloudflare snapshot configuration under %s", strings.Join(paths, ", "))})
	}
	return res
}

// cloudflareFlags are the flags of audit and dump.
type cloudflareFlags struct {
	zones       listFlag
	account     string
	concurrency int
}

func (cf *cloudflareFlags) register(fs *flag.FlagSet) {
	fs.Var(&cf.zones, "zone", "zone `NAME` to read; repeatable (default: every zone the token can read)")
	fs.StringVar(&cf.account, "account", "", "only zones of account `ID`")
	fs.IntVar(&cf.concurrency, "concurrency", 4, "read `N` zones at once")
}

func (e *env) fetch(ctx context.Context, cf *cloudflareFlags, p *progress, verbose bool) (*cloudflare.Snapshot, []lint.LoadError, error) {
	token := os.Getenv("CLOUDFLARE_API_TOKEN")
	if token == "" {
		return nil, nil, usagef("CLOUDFLARE_API_TOKEN is not set: create a read-only API token (Zone:Read, DNS:Read, Load Balancers:Read, Zone Settings:Read) and export it")
	}
	if cf.concurrency < 1 {
		return nil, nil, usagef("--concurrency must be at least 1")
	}
	// a line per zone for --verbose; otherwise the bar, or silence
	var zoneLines io.Writer
	if verbose {
		zoneLines = e.stderr
	}
	defer p.done()
	// Ctrl-C stops the requests in flight instead of leaving them to time out
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	snap, errs := cloudflare.Fetch(ctx, cloudflare.FetchOptions{
		Token:       token,
		BaseURL:     os.Getenv("CLOUDFLARE_BASE_URL"),
		Zones:       cf.zones,
		Account:     cf.account,
		Concurrency: cf.concurrency,
		Progress:    zoneLines,
		ZoneDone:    p.zoneStep(),
	})
	return snap, errs, nil
}

// subcommand checks that audit and dump name their provider.
func subcommand(cmd string, args []string) ([]string, error) {
	if len(args) == 0 || args[0] != "cloudflare" {
		return nil, usagef("want `edgelint %s cloudflare [flags]` (cloudflare is the only provider)", cmd)
	}
	return args[1:], nil
}

func (e *env) audit(args []string) (int, error) {
	args, err := subcommand("audit", args)
	if err != nil {
		return ExitUsage, err
	}
	fs := flag.NewFlagSet("audit cloudflare", flag.ContinueOnError)
	var lf lintFlags
	lf.register(fs)
	var cf cloudflareFlags
	cf.register(fs)
	var origins listFlag
	fs.Var(&origins, "origin", "also lint the origin's configuration at `PATH` (cross-layer rules); repeatable")
	rest, err := parse(fs, args)
	if err == flag.ErrHelp {
		return ExitOK, e.help(fs, "edgelint audit cloudflare [flags]",
			"CLOUDFLARE_API_TOKEN=… edgelint audit cloudflare --zone example.com",
			"edgelint audit cloudflare --origin deploy/nginx --format sarif=cf.sarif")
	}
	if err != nil {
		return ExitUsage, err
	}
	if len(rest) > 0 {
		return ExitUsage, usagef("unexpected argument %q (local files go after --origin)", rest[0])
	}
	lf.paths = origins
	s, err := e.prepare(&lf)
	if err != nil {
		return ExitUsage, err
	}
	snap, errs, err := e.fetch(context.Background(), &cf, s.progress, lf.verbose)
	if err != nil {
		return ExitUsage, err
	}
	res := sources.Result{Errors: errs}
	if snap != nil {
		res.Configs = snap.Configs()
	}
	if len(origins) > 0 {
		o := loadPaths(origins, "", s.load)
		res.Configs = append(res.Configs, o.Configs...)
		res.Errors = append(res.Errors, o.Errors...)
		res.Notices = o.Notices
	}
	return e.run(s, res)
}

func (e *env) dump(args []string) (int, error) {
	args, err := subcommand("dump", args)
	if err != nil {
		return ExitUsage, err
	}
	fs := flag.NewFlagSet("dump cloudflare", flag.ContinueOnError)
	var cf cloudflareFlags
	cf.register(fs)
	out := fs.String("output", "", "write the snapshot to `FILE` (default: standard output)")
	showProgress := fs.Bool("progress", false, "show progress on stderr even when it is not a terminal")
	verbose := fs.Bool("verbose", false, "a line on stderr per zone read")
	rest, err := parse(fs, args)
	if err == flag.ErrHelp {
		return ExitOK, e.help(fs, "edgelint dump cloudflare [flags]",
			"edgelint dump cloudflare --output zones.json",
			"edgelint check --cloudflare-snapshot zones.json deploy/nginx")
	}
	if err != nil {
		return ExitUsage, err
	}
	if len(rest) > 0 {
		return ExitUsage, usagef("unexpected argument %q (use --output FILE)", rest[0])
	}
	snap, errs, err := e.fetch(context.Background(), &cf, e.newProgress(*showProgress), *verbose)
	if err != nil {
		return ExitUsage, err
	}
	if snap != nil {
		var werr error
		if *out == "" {
			werr = cloudflare.WriteSnapshot(e.stdout, snap)
		} else {
			werr = e.temp.writeAtomic(*out, func(w io.Writer) error { return cloudflare.WriteSnapshot(w, snap) })
		}
		if werr != nil {
			return ExitIncomplete, fmt.Errorf("writing the snapshot: %v", werr)
		}
	}
	lint.SortErrors(errs)
	for _, le := range errs {
		fmt.Fprintf(e.stderr, "edgelint: %v\n", le)
	}
	if len(errs) > 0 {
		fmt.Fprintf(e.stderr, "edgelint: %d parts could not be read; the snapshot records them and `check` will report them again\n", len(errs))
		return ExitIncomplete, nil
	}
	return ExitOK, nil
}
