package buffers

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

//go:embed docs/buffer-arithmetic.md
var arithDoc string

// ArithOptions tune buffer-arithmetic.
type ArithOptions struct {
	// PageSize is the memory page size of the machine nginx runs on: the
	// default of *_buffer_size and of one *_buffers buffer. 4k on x86-64;
	// 64k on some arm64 kernels.
	PageSize string `yaml:"page-size"`
}

// Validate: nginx's defaults are whole pages, and a page is a power of two.
func (o *ArithOptions) Validate() error {
	n, ok := parseSize(o.PageSize)
	if !ok || n <= 0 || n&(n-1) != 0 {
		return lint.BadOption("page-size", o.PageSize, "is not a memory page size like 4k, 16k or 64k")
	}
	return nil
}

// Arithmetic reproduces the checks nginx makes when it merges the
// proxy, fastcgi, uwsgi and scgi buffer settings of every server and
// location (ngx_http_proxy_merge_loc_conf and its siblings): a violation
// makes nginx -t fail and nginx refuse to start or reload.
var Arithmetic = &lint.Rule{
	ID:        "EL6001",
	Name:      "buffer-arithmetic",
	Category:  lint.CategoryBuffer,
	Title:     "buffer sizes that nginx -t rejects",
	Doc:       arithDoc,
	Severity:  lint.Error,
	Sources:   []lint.SourceKind{lint.Nginx},
	WholeTree: true, // values set in the http block of an unseen tree change the sums
	Options:   lint.OptionsOf(func() ArithOptions { return ArithOptions{PageSize: "4k"} }),
	Check:     checkArithmetic,
}

var modules = []string{"proxy", "fastcgi", "uwsgi", "scgi"}

// value is one buffer directive in effect at a level.
type value struct {
	d    *lint.Block
	n    int64 // count for *_buffers
	size int64
}

// levelValues are a module's buffer settings in effect at one level (nil:
// not written at this level or above).
type levelValues struct {
	bufferSize, buffers, busy, tempWrite, maxTemp *value
}

// problem is one failed check, already attributed to a directive.
type problem struct {
	at      *lint.Block
	msg     string
	nginx   string // nginx's own error message
	related []lint.Related
}

// fail builds a problem whose message ends with nginx's error, quoted.
func fail(at *lint.Block, related []lint.Related, nginx, format string, args ...any) (problem, bool) {
	msg := fmt.Sprintf(format, args...)
	msg = strings.Replace(msg, "%NGINX%", "nginx refuses to load the configuration: [emerg] "+nginx, 1)
	return problem{at: at, msg: msg, nginx: nginx, related: related}, false
}

func checkArithmetic(p *lint.Pass) error {
	page, _ := parseSize(lint.Opts[ArithOptions](p).PageSize)
	for _, pr := range problems(treeOf(p.Config), page) {
		p.Report(pr.at.Pos, pr.msg, pr.related...)
	}
	return nil
}

// problems checks every server and location of the http block the way
// nginx does, for each module in nginx's order, and returns each distinct
// problem once, in the order nginx would meet them.
func problems(root *block, page int64) []problem {
	var out []problem
	seen := map[string]bool{}
	for _, http := range root.children {
		if http.name() != "http" {
			continue
		}
		for _, m := range modules {
			top := collect(http, m, levelValues{})
			for _, srv := range http.children {
				if srv.name() != "server" {
					continue
				}
				walk(srv, m, top, page, func(pr problem) {
					key := pr.at.Pos.String() + "\x00" + pr.msg
					if !seen[key] {
						seen[key] = true
						out = append(out, pr)
					}
				})
			}
		}
	}
	return out
}

// walk merges b's settings over the inherited ones, checks them and
// descends into the locations (nested ones included). if and limit_except
// blocks cannot hold buffer directives, so they check as their parent.
func walk(b *block, m string, inherited levelValues, page int64, report func(problem)) {
	v := collect(b, m, inherited)
	if pr, ok := check(m, v, page); !ok {
		report(pr)
	}
	for _, c := range b.children {
		if c.name() == "location" {
			walk(c, m, v, page, report)
		}
	}
}

// collect returns the settings in effect in b: its own directives over
// the inherited ones. A directive written twice at one level is an nginx
// error ("is duplicate") reported elsewhere; the last one wins here.
func collect(b *block, m string, v levelValues) levelValues {
	for _, d := range b.dirs {
		if !strings.HasPrefix(d.Name, m+"_") {
			continue
		}
		switch strings.TrimPrefix(d.Name, m+"_") {
		case "buffer_size":
			v.bufferSize = sizeValue(d)
		case "busy_buffers_size":
			v.busy = sizeValue(d)
		case "temp_file_write_size":
			v.tempWrite = sizeValue(d)
		case "max_temp_file_size":
			v.maxTemp = sizeValue(d)
		case "buffers":
			if len(d.Args) == 2 {
				n, err := strconv.ParseInt(d.Args[0], 10, 64)
				s, ok := parseSize(d.Args[1])
				if err == nil && ok && n > 0 && s > 0 {
					v.buffers = &value{d: d, n: n, size: s}
				}
			}
		}
	}
	return v
}

func sizeValue(d *lint.Block) *value {
	if len(d.Args) != 1 {
		return nil
	}
	s, ok := parseSize(d.Args[0])
	if !ok {
		return nil
	}
	return &value{d: d, size: s}
}

// parseSize reads an nginx size: a number with an optional k, m or g suffix.
func parseSize(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	mult := int64(1)
	switch s[len(s)-1] {
	case 'k', 'K':
		mult = 1 << 10
	case 'm', 'M':
		mult = 1 << 20
	case 'g', 'G':
		mult = 1 << 30
	}
	if mult != 1 {
		s = s[:len(s)-1]
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, false
	}
	return n * mult, true
}

func sz(n int64) string { return lint.Size(n).String() }

func (v *value) text() string {
	return v.d.Name + " " + strings.Join(v.d.Args, " ")
}

// check applies nginx's checks, in nginx's order, to the settings in
// effect at one level. Defaults alone always pass, so a failure always has
// a written directive to blame.
func check(m string, v levelValues, page int64) (problem, bool) {
	bufferSize, num, size := page, int64(8), page
	if v.bufferSize != nil {
		bufferSize = v.bufferSize.size
	}
	if v.buffers != nil {
		num, size = v.buffers.n, v.buffers.size
	}
	if num < 2 {
		// ngx_conf_set_bufs_slot accepts 1; the merge rejects it.
		return fail(v.buffers.d, nil, fmt.Sprintf("there must be at least 2 \"%s_buffers\"", m),
			"%s has a single buffer → %%NGINX%%", v.buffers.text())
	}
	unit := bufferSize
	if size > unit {
		unit = size
	}
	// unit is "the maximum of the value of *_buffer_size and one of the
	// *_buffers"; the busy and temp-file sizes default to twice it.
	// (worded only for a message: this runs for every location)
	unitWhy := func() string {
		return fmt.Sprintf("max(%s_buffer_size %s, one %s_buffers buffer %s) = %s", m, sz(bufferSize), m, sz(size), sz(unit))
	}
	related := func(skip *lint.Block) []lint.Related {
		var rs []lint.Related
		for _, x := range []*value{v.bufferSize, v.buffers, v.busy} {
			if x != nil && x.d != skip {
				rs = append(rs, lint.Related{Pos: x.d.Pos, Message: x.text() + " in effect here"})
			}
		}
		return rs
	}

	busy := 2 * unit
	if v.busy != nil {
		busy = v.busy.size
		if busy < unit {
			return fail(v.busy.d, related(v.busy.d),
				fmt.Sprintf("\"%s_busy_buffers_size\" must be equal to or greater than the maximum of the value of \"%s_buffer_size\" and one of the \"%s_buffers\"", m, m, m),
				"%s is smaller than %s → %%NGINX%%", v.busy.text(), unitWhy())
		}
	}
	if limit := (num - 1) * size; busy > limit {
		dflt := "default "
		if v.buffers != nil {
			dflt = ""
		}
		var at *lint.Block
		var what, fix string
		switch {
		case v.busy != nil:
			at, what = v.busy.d, v.busy.text()+" is"
			if limit >= unit {
				fix = fmt.Sprintf("set %s_busy_buffers_size between %s and %s, or raise %s_buffers", m, sz(unit), sz(limit), m)
			}
		case v.bufferSize != nil && bufferSize > size:
			at = v.bufferSize.d
			what = fmt.Sprintf("with %s, the default %s_busy_buffers_size (twice %s = %s) is", v.bufferSize.text(), m, sz(unit), sz(busy))
		case v.buffers != nil:
			at = v.buffers.d
			what = fmt.Sprintf("with %s, the default %s_busy_buffers_size (twice %s, %s) is", v.buffers.text(), m, unitWhy(), sz(busy))
		default:
			// Only defaults in effect: they always pass, whatever the page size.
			return problem{}, true
		}
		if fix == "" {
			n := num
			if n < 3 {
				n = 3
			}
			fix = fmt.Sprintf("raise %s_buffers, e.g. %s_buffers %d %s", m, m, n, sz(unit))
			if v.busy != nil && v.busy.size > (n-1)*unit {
				fix = fmt.Sprintf("raise %s_buffers, e.g. %s_buffers %d %s", m, m, v.busy.size/unit+1+boolInt(v.busy.size%unit != 0), sz(unit))
			}
		}
		return fail(at, related(at),
			fmt.Sprintf("\"%s_busy_buffers_size\" must be less than the size of all \"%s_buffers\" minus one buffer", m, m),
			"%s more than the size of all %s_buffers (%s%d × %s) minus one buffer (%s) → %%NGINX%%; %s",
			what, m, dflt, num, sz(size), sz(limit), fix)
	}
	if v.tempWrite != nil && v.tempWrite.size < unit {
		return fail(v.tempWrite.d, related(nil),
			fmt.Sprintf("\"%s_temp_file_write_size\" must be equal to or greater than the maximum of the value of \"%s_buffer_size\" and one of the \"%s_buffers\"", m, m, m),
			"%s is smaller than %s → %%NGINX%%", v.tempWrite.text(), unitWhy())
	}
	if v.maxTemp != nil && v.maxTemp.size != 0 && v.maxTemp.size < unit {
		return fail(v.maxTemp.d, related(nil),
			fmt.Sprintf("\"%s_max_temp_file_size\" must be equal to zero to disable temporary files usage or must be equal to or greater than the maximum of the value of \"%s_buffer_size\" and one of the \"%s_buffers\"", m, m, m),
			"%s is smaller than %s → %%NGINX%%", v.maxTemp.text(), unitWhy())
	}
	return problem{}, true
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
