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
	l := newLoader(opts)
	m := l.readRoot(dir)
	if len(m.files) == 0 || l.broken {
		return nil, l.errs
	}
	objs := m.objects()
	if l.broken {
		// a module it calls does not parse: Terraform refuses the whole
		// configuration
		return nil, l.errs
	}
	cfgs := decode(objs, l.unfollowed > 0)
	var files []string
	var notes []lint.Comment
	text := map[string][]byte{}
	for _, f := range l.files {
		files = append(files, f.display)
		text[f.display] = f.data
		if f.body != nil {
			notes = append(notes, comments(f)...)
		}
	}
	for _, c := range cfgs {
		c.Files = files
		c.Text = text
		c.Comments = notes
	}
	return cfgs, l.errs
}

func (m *module) object(ev *evaluator, i *instance, maybe bool) *object {
	r := i.res
	pos := map[string]hcl.Range{}
	var sc *scope
	if !maybe {
		sc = &scope{inst: i}
	}
	o := &object{mode: r.mode, typ: r.typ, addr: i.addr(), maybe: maybe}
	o.v = ev.body(r.block.body, sc, "", pos)
	if maybe {
		o.id = cty.DynamicVal
	} else {
		o.id = getAttr(ev.object(i), "id")
		if r.mode == dataMode && r.typ == "cloudflare_zone" {
			o.v = ev.object(i) // with the name its filter gives
		}
	}
	whole := r.block.rng
	o.at = func(path string) lint.Position {
		for p := path; p != ""; {
			if rng, ok := pos[p]; ok {
				at := rangePos(rng)
				at.SetModule(m.addr) // the instance: its lines are every instance's
				return at
			}
			if k := strings.LastIndexByte(p, '.'); k >= 0 {
				p = p[:k]
			} else {
				p = ""
			}
		}
		at := rangePos(r.block.def)
		at.EndLine = int32(whole.End.Line)
		at.SetModule(m.addr)
		return at
	}
	o.text = func(path string) string {
		a, ok := r.block.body.attrs[path]
		if !ok {
			return ""
		}
		rng := a.expr.Range()
		f := m.l.byName[rng.Filename]
		if f == nil || rng.End.Byte > len(f.data) || rng.Start.Byte > rng.End.Byte {
			return ""
		}
		text := strings.Join(strings.Fields(string(f.data[rng.Start.Byte:rng.End.Byte])), " ")
		if m.addr != "" {
			// var.zone_id in two modules, or two instances of one, are
			// not one value
			text = m.addr + "." + text
		}
		return text
	}
	return o
}
