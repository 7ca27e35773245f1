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
	g.nodes = map[*Stmt]config.IDirective{}
	if err := zip(f, f.Stmts, cfg.Block, g.nodes); err != nil {
		g.err = err
		g.nodes = nil
		return
	}
	g.cfg = cfg
}

// zip pairs each statement with gonginx's node block by block. gonginx's
// http{} and upstream{} wrappers list servers after the other directives,
// so nodes are matched by name in order rather than by index.
func zip(f *File, mine []*Stmt, theirs config.IBlock, nodes map[*Stmt]config.IDirective) error {
	var list []config.IDirective
	if theirs != nil {
		list = theirs.GetDirectives()
	}
	if len(list) != len(mine) {
		line := 0
		if len(mine) > 0 {
			line = mine[0].Line
		}
		return fmt.Errorf("gonginx read %d directives where nginx reads %d (block at %s:%d)", len(list), len(mine), f.Display, line)
	}
	queues := map[string][]config.IDirective{}
	for _, d := range list {
		n := strings.Trim(d.GetName(), `"'`)
		queues[n] = append(queues[n], d)
	}
	for _, s := range mine {
		q := queues[s.Name]
		if len(q) == 0 {
			return fmt.Errorf("gonginx has no %q where nginx reads one at %s:%d", s.Name, f.Display, s.Line)
		}
		d := q[0]
		queues[s.Name] = q[1:]
		d.SetLine(s.Line)
		nodes[s] = d
		switch d.(type) {
		case *config.Include, *config.LuaBlock:
			continue
		}
		if s.Block && !s.Lua {
			if err := zip(f, s.Children, d.GetBlock(), nodes); err != nil {
				return err
			}
		}
	}
	return nil
}
