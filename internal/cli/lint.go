package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/mattn/go-isatty"

	"github.com/edgelint/edgelint/internal/netprobe"
	"github.com/edgelint/edgelint/internal/output/report"
	"github.com/edgelint/edgelint/internal/output/ruledocs"
	"github.com/edgelint/edgelint/internal/processors"
	"github.com/edgelint/edgelint/internal/processors/baseline"
	"github.com/edgelint/edgelint/internal/processors/gitdiff"
	"github.com/edgelint/edgelint/internal/processors/suppress"
	"github.com/edgelint/edgelint/internal/projectconfig"
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules"
	"github.com/edgelint/edgelint/sources"
	"github.com/edgelint/edgelint/sources/input"
)

// extraRules are registered alongside the rules and suppress.Rules;
// baseRules are the rules; tests replace both to run rules of their own.
var (
	extraRules []*lint.Rule
	baseRules  = rules.All
)

// registry is every rule edgelint knows.
func registry() (*lint.Registry, error) {
	all := append(baseRules(), suppress.Rules...)
	return lint.NewRegistry(append(all, extraRules...)...)
}

// lintFlags are the flags every linting command shares.
type lintFlags struct {
	formats       listFlag
	failOn        string
	config        string
	selects       []selectOp
	probe         bool
	nginxVersion  string
	defines       listFlag
	strictIncl    bool
	newFromRev    string
	baseline      string
	writeBaseline string
	noColor       bool
	verbose       bool
	maxFiles      countFlag
	progress      bool
	// paths are what the run lints (check's PATHs, audit's --origin); the
	// configuration is looked up from them.
	paths []string
}

func (lf *lintFlags) register(fs *flag.FlagSet) {
	fs.Var(&lf.formats, "format", "output `FORMAT`: "+strings.Join(report.Formats, ", ")+"; FORMAT=FILE writes to a file; repeatable (default text)")
	fs.StringVar(&lf.failOn, "fail-on", "warning", "exit 1 on findings at or above `LEVEL`: error, warning, info, none")
	fs.StringVar(&lf.config, "config", "", "configuration `FILE` (default: "+projectconfig.FileName+" found upward from the PATHs, up to the repository root)")
	fs.Var(selectFlag{ops: &lf.selects, enable: true}, "enable", "run `RULE` (ID or name, or all); repeatable")
	fs.Var(selectFlag{ops: &lf.selects}, "disable", "do not run `RULE` (ID or name, or all); repeatable")
	fs.BoolVar(&lf.probe, "probe", false, "network checks: resolve and connect to every upstream endpoint from this machine")
	fs.StringVar(&lf.nginxVersion, "nginx-version", "", "target nginx `VERSION` for version-dependent defaults")
	fs.Var(&lf.defines, "define", "Apache: read <IfDefine `NAME`> sections, as httpd -D NAME does; repeatable")
	fs.BoolVar(&lf.strictIncl, "strict-includes", false, "a snippet's include of a file outside the repository is an error, not a notice")
	fs.StringVar(&lf.newFromRev, "new-from-rev", "", "report only findings on lines changed since git `REV`")
	fs.StringVar(&lf.baseline, "baseline", "", "ignore findings recorded in `FILE`")
	fs.StringVar(&lf.writeBaseline, "write-baseline", "", "record the current findings in `FILE` (they are then not reported)")
	fs.BoolVar(&lf.noColor, "no-color", false, "plain text output (also NO_COLOR)")
	fs.Var(&lf.maxFiles, "max-files", fmt.Sprintf("read at most `N` files per include tree (default %d; nginx -t has no such limit, this one stops runaway globs)", input.DefaultLimits.MaxFiles))
	fs.BoolVar(&lf.progress, "progress", false, "show progress on stderr even when it is not a terminal (on a terminal it is shown anyway)")
	fs.BoolVar(&lf.verbose, "verbose", false, "say on stderr why each hidden finding was hidden (suppression, exclusion, baseline, --new-from-rev, duplicate); JSON lists them under \"hidden\"")
}

type output struct {
	format string
	path   string // "" = stdout
}

// session is a linting run's resolved settings: everything that can be a
// usage or configuration error is checked before any input is read.
type session struct {
	reg      *lint.Registry
	cfg      *projectconfig.Config
	enabled  map[string]bool
	settings map[string]lint.RuleSettings
	failOn   lint.Severity
	outputs  []output
	load     input.Options
	prober   lint.Prober
	changes  *gitdiff.Changes
	rev      string
	base     *baseline.Baseline
	basePath string
	writeTo  string
	// writeFile is the run's atomic writer, for the baseline file.
	writeFile func(path string, write func(io.Writer) error) error
	// fingerprintDir is what fingerprints key files on: the baseline's
	// directory when one is written or read, else the working directory.
	fingerprintDir string
	color          bool
	progress       *progress
	verbose        bool
	// cfgFile is the configuration file read, as displayed ("" = none).
	cfgFile string
	// rename maps the display path of a stand-in file (standard input's
	// copy) to the name findings are reported under.
	rename map[string]string
}

func (e *env) prepare(lf *lintFlags) (*session, error) {
	reg, err := registry()
	if err != nil {
		return nil, fmt.Errorf("rule registry: %v", err)
	}
	s := &session{reg: reg, writeTo: lf.writeBaseline, writeFile: e.temp.writeAtomic, verbose: lf.verbose}

	for _, spec := range lf.formats {
		name, path, _ := strings.Cut(spec, "=")
		if !report.Known(name) {
			return nil, usagef("--format %q: unknown format (want %s)", spec, strings.Join(report.Formats, ", "))
		}
		if strings.Contains(spec, "=") && path == "" {
			return nil, usagef("--format %q: no file name after =", spec)
		}
		if path == "-" {
			path = ""
		}
		s.outputs = append(s.outputs, output{format: name, path: path})
	}
	if len(s.outputs) == 0 {
		s.outputs = []output{{format: "text"}}
	}
	if err := distinctOutputs(s.outputs); err != nil {
		return nil, err
	}
	if s.failOn, err = lint.ParseSeverity(lf.failOn); err != nil {
		return nil, usagef("--fail-on: %v", err)
	}

	cfgPath := lf.config
	if cfgPath == "" {
		from := lf.paths
		if len(from) == 0 {
			from = []string{"."}
		}
		p, ok, err := projectconfig.FindFor(from)
		if err != nil {
			return nil, usagef("%v", err)
		}
		if ok {
			cfgPath = p
		}
	}
	if cfgPath != "" {
		s.cfgFile = input.Display(cfgPath)
		if lf.verbose {
			fmt.Fprintf(e.stderr, "edgelint: using configuration %s\n", s.cfgFile)
		}
	} else if lf.verbose {
		fmt.Fprintf(e.stderr, "edgelint: no %s found; using the defaults\n", projectconfig.FileName)
	}
	s.cfg = &projectconfig.Config{Rules: map[string]lint.RuleSettings{}}
	if s.cfg.Dir, err = os.Getwd(); err != nil {
		return nil, err
	}
	if cfgPath != "" {
		if s.cfg, err = projectconfig.Load(cfgPath, reg); err != nil {
			return nil, usagef("%v", err)
		}
	}

	s.enabled = map[string]bool{}
	for _, r := range reg.Rules() {
		s.enabled[r.ID] = true
	}
	selection := append([]projectconfig.Select(nil), s.cfg.Selection...)
	for _, op := range lf.selects {
		if strings.EqualFold(op.key, "all") {
			selection = append(selection, projectconfig.Select{Rule: "all", Enable: op.enable})
			continue
		}
		r, ok := reg.Lookup(op.key)
		if !ok {
			flagName := "--disable"
			if op.enable {
				flagName = "--enable"
			}
			return nil, usagef("%s %s: unknown rule (see `edgelint rules`)", flagName, op.key)
		}
		selection = append(selection, projectconfig.Select{Rule: r.ID, Enable: op.enable})
	}
	for _, sel := range selection {
		if sel.Rule == "all" {
			for id := range s.enabled {
				s.enabled[id] = sel.Enable
			}
			continue
		}
		s.enabled[sel.Rule] = sel.Enable
	}
	s.settings = s.cfg.Rules

	s.load = input.Options{NginxVersion: s.cfg.NginxVersion, NginxEdition: s.cfg.NginxEdition, Mappings: s.cfg.Mappings}
	if lf.nginxVersion != "" {
		if s.load.NginxVersion, err = lint.ParseVersion(lf.nginxVersion); err != nil {
			return nil, usagef("--nginx-version: %v", err)
		}
	}
	s.load.StrictIncludes = s.cfg.StrictIncludes || lf.strictIncl
	s.load.Limits = input.DefaultLimits
	if s.progress == nil {
		s.progress = e.newProgress(lf.progress)
	}
	s.load.Progress = s.progress.loadStep()
	if lf.maxFiles.set {
		s.load.Limits.MaxFiles = lf.maxFiles.n
	}
	s.load.ApacheDefines = append([]string(nil), s.cfg.ApacheDefines...)
	for _, name := range lf.defines {
		if err := projectconfig.CheckDefine(name); err != nil {
			return nil, usagef("--define: %v", err)
		}
		s.load.ApacheDefines = append(s.load.ApacheDefines, name)
	}
	if lf.probe {
		s.prober = netprobe.New(netprobe.Options{})
		if s.progress != nil {
			s.prober = &countingProber{Prober: s.prober, p: s.progress}
		}
	}
	if lf.newFromRev != "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, err
		}
		if s.changes, err = gitdiff.Since(wd, lf.newFromRev); err != nil {
			return nil, usagef("%v", err)
		}
		s.rev = lf.newFromRev
	}
	if lf.baseline != "" {
		if s.base, err = baseline.Load(lf.baseline); err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				return nil, usagef("--baseline %s: %v", lf.baseline, readError(err))
			}
			return nil, usagef("--baseline: %v", err)
		}
		s.basePath = lf.baseline
	}
	switch {
	case s.writeTo != "":
		s.fingerprintDir, err = baseline.Dir(s.writeTo)
	case s.base != nil:
		s.fingerprintDir = s.base.Dir()
	default:
		s.fingerprintDir, err = os.Getwd()
	}
	if err != nil {
		return nil, err
	}
	s.color = !lf.noColor && os.Getenv("NO_COLOR") == "" && isTerminal(e.stdout)
	return s, nil
}

// distinctOutputs refuses two formats on standard output, which would
// interleave into something no reader can parse, and one file named twice,
// where the second format would silently replace the first.
func distinctOutputs(outs []output) error {
	var stdout string
	files := map[string]string{}
	for _, o := range outs {
		if o.path == "" {
			if stdout != "" {
				return usagef("--format %s and --format %s both write to standard output; send one to a file (--format %s=FILE)", stdout, o.format, o.format)
			}
			stdout = o.format
			continue
		}
		key, err := filepath.Abs(o.path)
		if err != nil {
			key = filepath.Clean(o.path)
		}
		if prev, ok := files[key]; ok {
			return usagef("--format %s=%s and --format %s=%s name the same file", prev, o.path, o.format, o.path)
		}
		files[key] = o.format
	}
	return nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

func (s *session) severity(rule *lint.Rule) lint.Severity {
	if set, ok := s.settings[rule.ID]; ok && set.Severity != lint.SeverityNone {
		return set.Severity
	}
	return rule.Severity
}

// processors is the chain between the runner and the reporters, in order:
// suppressions, configuration exclusions, fingerprints, the baseline
// written or read, --new-from-rev, duplicates.
func (s *session) processors(runner *lint.Runner, configs []*lint.Config) processors.Chain {
	chain := processors.Chain{
		&processors.Suppress{Processor: suppress.Processor{
			Registry: s.reg,
			Ran:      func(r *lint.Rule, c *lint.Config) bool { return runner.Runs(r, c, configs) },
			Enabled:  func(r *lint.Rule) bool { return s.enabled[r.ID] },
			Severity: s.severity,
			DocsURL:  ruledocs.DocsURL,
		}},
		&processors.Exclude{Config: s.cfg},
		&processors.Fingerprint{Dir: s.fingerprintDir},
	}
	if s.writeTo != "" {
		chain = append(chain, &processors.WriteBaseline{Path: s.writeTo, WriteFile: s.writeFile})
	}
	if s.base != nil {
		chain = append(chain, &processors.Baseline{Baseline: s.base, Path: s.basePath})
	}
	if s.changes != nil {
		chain = append(chain, &processors.NewFromRev{Changes: s.changes, Rev: s.rev})
	}
	return append(chain, processors.Dedup{})
}

// run lints configs and reports: the runner, then the processor chain,
// then the reporters. It returns the exit code.
func (e *env) run(s *session, loaded sources.Result) (int, error) {
	configs, errs := loaded.Configs, loaded.Errors
	var active []*lint.Rule
	for _, r := range s.reg.Rules() {
		if s.enabled[r.ID] && !r.Synthetic {
			active = append(active, r)
		}
	}
	runner := &lint.Runner{Rules: active, Settings: s.settings, Probe: s.prober, DocsURL: ruledocs.DocsURL}
	s.progress.step("linting include trees", 0, len(configs))
	findings, ruleErrs := runner.Run(configs)
	s.progress.done()
	errs = append(errs, ruleErrs...)

	findings, hidden, err := s.processors(runner, configs).Run(&processors.Context{Configs: configs}, findings)
	if err != nil {
		var perr *processors.Error
		if errors.As(err, &perr) && perr.Processor == "write-baseline" {
			err = fmt.Errorf("--write-baseline %s: %v", s.writeTo, plainPathError(perr.Err))
		}
		return ExitIncomplete, err
	}
	if s.writeTo != "" {
		recorded := 0
		for _, h := range hidden {
			if h.Processor == "write-baseline" {
				recorded++
			}
		}
		fmt.Fprintf(e.stderr, "edgelint: recorded %d findings in %s\n", recorded, s.writeTo)
	}
	if s.verbose {
		for _, h := range hidden {
			where := h.Finding.Pos.Where()
			if where == "" {
				where = "no position"
			}
			fmt.Fprintf(e.stderr, "edgelint: hid %s at %s (%s): %s\n", h.Finding.RuleID, where, h.Processor, h.Reason)
		}
	}
	lint.SortErrors(errs)
	if len(s.rename) > 0 {
		findings, errs, loaded.Notices = s.renameFiles(findings, errs, loaded.Notices)
	}

	rep := &report.Report{
		Tool:     report.Tool{Name: "edgelint", Version: version(), InformationURI: InformationURI, Config: s.cfgFile},
		Rules:    s.reg.Rules(),
		DocsURL:  ruledocs.DocsURL,
		Findings: findings,
		Errors:   errs,
		Notices:  loaded.Notices,
	}
	if s.verbose {
		rep.Hidden = hidden
	}
	rep.Files, rep.Zones = inputs(configs)
	for i, f := range rep.Files {
		if to, ok := s.rename[f]; ok {
			rep.Files[i] = to
		}
	}
	s.htmlRoutes(configs, rep)
	if err := e.write(s, rep); err != nil {
		return ExitIncomplete, err
	}

	switch {
	case len(errs) > 0:
		return ExitIncomplete, nil
	case s.failOn != lint.SeverityNone:
		for _, f := range findings {
			if f.Severity >= s.failOn {
				return ExitFindings, nil
			}
		}
	}
	return ExitOK, nil
}

func (e *env) write(s *session, rep *report.Report) error {
	for _, o := range s.outputs {
		if o.path == "" {
			rep.Color = o.format == "text" && s.color
			rep.Width = termWidth(e.stdout)
			if err := report.Write(e.stdout, o.format, rep); err != nil {
				return fmt.Errorf("writing %s output: %v", o.format, err)
			}
			continue
		}
		rep.Color, rep.Width = false, 0
		if err := e.temp.writeAtomic(o.path, func(w io.Writer) error { return report.Write(w, o.format, rep) }); err != nil {
			return fmt.Errorf("--format %s=%s: %v", o.format, o.path, err)
		}
	}
	return nil
}

// inputs lists the files the configs were read from, and the live zones
// (read through the API, so without a file).
func inputs(configs []*lint.Config) (files, zones []string) {
	seen := map[string]bool{}
	for _, c := range configs {
		if len(c.Files) == 0 && c.Source == lint.Cloudflare && !seen[c.Root] {
			seen[c.Root] = true
			zones = append(zones, c.Root)
		}
		for _, f := range c.Files {
			if !seen[f] {
				seen[f] = true
				files = append(files, f)
			}
		}
	}
	sort.Strings(files)
	sort.Strings(zones)
	return files, zones
}
