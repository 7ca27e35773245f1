package terraform

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// Sniff claims .tf files: each is a file of the module its directory is.
func Sniff(path string, _ []byte) int {
	if IsModuleFile(path) {
		return 2 // sources.Entry: the module is a whole configuration
	}
	return 0
}

// Load reads the module of entry (a .tf file, or the module's
// directory) and returns one Config per Cloudflare zone it declares
// resources of, and one for load-balancing pools no load balancer of the
// module uses. A module without Cloudflare resources gives nothing, and
// no error: a Terraform directory of other providers is none of the
// linter's business.
func Load(entry string, opts input.Options) ([]*lint.Config, []lint.LoadError) {
	if opts.Limits == (input.Limits{}) {
		opts.Limits = input.DefaultLimits
	}
	dir := entry
	if st, err := os.Stat(entry); err == nil && !st.IsDir() {
		dir = filepath.Dir(entry)
	}
	m := readModule(dir, opts)
	if len(m.files) == 0 || m.broken {
		return nil, m.errs
	}
	objs := m.objects()
	cfgs := decode(objs, m.calls > 0)
	var files []string
	text := map[string][]byte{}
	for _, f := range m.files {
		files = append(files, f.display)
		text[f.display] = f.data
	}
	for _, c := range cfgs {
		c.Files = files
		c.Text = text
		c.Comments = m.comments
	}
	return cfgs, m.errs
}

// objects evaluates the instances of the resources and data sources that
// are read. A resource whose count or for_each is unknown gives one
// object marked maybe: it may exist any number of times.
func (m *module) objects() []*object {
	ev := newEvaluator(m)
	var out []*object
	for _, r := range m.resources(Types) {
		ev.expand(r)
		if !r.known {
			out = append(out, m.object(ev, &instance{res: r, count: -1}, true))
			continue
		}
		for _, i := range r.insts {
			out = append(out, m.object(ev, i, false))
		}
	}
	return out
}

func (m *module) object(ev *evaluator, i *instance, maybe bool) *object {
	r := i.res
	pos := map[string]hcl.Range{}
	var sc *scope
	if !maybe {
		sc = &scope{inst: i}
	}
	o := &object{mode: r.mode, typ: r.typ, addr: i.addr(), maybe: maybe}
	o.v = ev.body(r.block.Body, sc, "", pos)
	if maybe {
		o.id = cty.DynamicVal
	} else {
		o.id = getAttr(ev.object(i), "id")
		if r.mode == dataMode && r.typ == "cloudflare_zone" {
			o.v = ev.object(i) // with the name its filter gives
		}
	}
	whole := r.block.Range()
	o.at = func(path string) lint.Position {
		for p := path; p != ""; {
			if rng, ok := pos[p]; ok {
				return position(r.file, rng)
			}
			if k := strings.LastIndexByte(p, '.'); k >= 0 {
				p = p[:k]
			} else {
				p = ""
			}
		}
		at := position(r.file, r.block.DefRange())
		at.EndLine = whole.End.Line
		return at
	}
	o.text = func(path string) string {
		a, ok := r.block.Body.Attributes[path]
		if !ok {
			return ""
		}
		rng := a.Expr.Range()
		if rng.End.Byte > len(r.file.data) || rng.Start.Byte > rng.End.Byte {
			return ""
		}
		return strings.Join(strings.Fields(string(r.file.data[rng.Start.Byte:rng.End.Byte])), " ")
	}
	return o
}
