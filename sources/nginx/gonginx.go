package nginx

import (
	"fmt"
	"strings"
	"sync"

	"github.com/tufanbarisyildirim/gonginx/config"
	"github.com/tufanbarisyildirim/gonginx/parser"
)

// gonginx's tree gives source-specific rules typed access to servers,
// locations and upstreams. It is built lazily, per file, without its own
// include handling (the loader resolves includes the way nginx does), and
// zipped in pre-order with the statement tree of the nginx-faithful lexer,
// whose positions replace gonginx's (gonginx records a block's closing
// brace line and a multi-line directive's semicolon line, and no column).
//
// When gonginx rejects a file that nginx's own tokenizer accepts (for
// example `${var}` quirks or a stray quote inside a word), the model is
// unaffected: it is built from the statement tree; only the gonginx view
// of that file is missing, and GonginxErr says why.
type gonginxResult struct {
	once  sync.Once
	data  []byte
	cfg   *config.Config
	err   error
	nodes map[*Stmt]config.IDirective
}

// Gonginx returns gonginx's parse of the file, with each directive's Line
// set to the line where it starts, or the reason it is not available.
func (f *File) Gonginx() (*config.Config, error) {
	f.gonginx.once.Do(f.parseGonginx)
	return f.gonginx.cfg, f.gonginx.err
}

// Gonginx returns gonginx's node for the statement, or nil when the file's
// gonginx tree is not available.
func (s *Stmt) Gonginx() config.IDirective {
	if s.File == nil {
		return nil
	}
	if _, err := s.File.Gonginx(); err != nil {
		return nil
	}
	return s.File.gonginx.nodes[s]
}

func (f *File) parseGonginx() {
	g := &f.gonginx
	defer func() {
		if r := recover(); r != nil {
			g.cfg, g.nodes = nil, nil
			g.err = fmt.Errorf("gonginx: panic: %v", r)
		}
		g.data = nil
	}()
	p := parser.NewStringParser(string(g.data), parser.WithSkipValidDirectivesErr())
	cfg, err := p.Parse()
	if err != nil {
		g.err = fmt.Errorf("gonginx: %w", err)
		return
	}
	var mine []*Stmt
	var flat func([]*Stmt)
	flat = func(ss []*Stmt) {
		for _, s := range ss {
			mine = append(mine, s)
			flat(s.Children)
		}
	}
	flat(f.Stmts)
	var theirs []config.IDirective
	var gflat func(config.IBlock)
	gflat = func(b config.IBlock) {
		if b == nil {
			return
		}
		for _, d := range b.GetDirectives() {
			theirs = append(theirs, d)
			if _, ok := d.(*config.Include); ok {
				continue
			}
			if _, ok := d.(*config.LuaBlock); ok {
				continue
			}
			gflat(d.GetBlock())
		}
	}
	gflat(cfg.Block)
	if len(mine) != len(theirs) {
		g.err = fmt.Errorf("gonginx read %d directives where nginx reads %d", len(theirs), len(mine))
		return
	}
	g.nodes = make(map[*Stmt]config.IDirective, len(mine))
	for i, s := range mine {
		d := theirs[i]
		if strings.Trim(d.GetName(), `"'`) != s.Name {
			g.err = fmt.Errorf("gonginx read %q where nginx reads %q at %s:%d", d.GetName(), s.Name, f.Display, s.Line)
			g.nodes = nil
			return
		}
		d.SetLine(s.Line)
		g.nodes[s] = d
	}
	g.cfg = cfg
}
