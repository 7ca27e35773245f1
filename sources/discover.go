package sources

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/compose"
	"github.com/edgelint/edgelint/sources/input"
	"github.com/edgelint/edgelint/sources/template"
)

// walked is a file the walk found (or the user named), not yet read.
type walked struct {
	path     string // as given or walked
	canon    string
	explicit bool
	under    string // the path the user named that it was found in
	root     string // the repository of that path
	// regular: the walk saw a regular file, no symlink and no FIFO; a
	// named path and a symlink are stat'ed before they are read
	regular bool
}

// canonDirs remembers the canonical path of each directory of a walk:
// the canonical path of a regular file is its directory's and its name,
// one EvalSymlinks per directory rather than one lstat per path
// component for every file.
type canonDirs map[string]string

func (c canonDirs) file(p string) (string, error) {
	dir, name := filepath.Split(p)
	canon, ok := c[dir]
	if !ok {
		var err error
		if canon, err = input.Canonical(dir); err != nil {
			return "", err
		}
		c[dir] = canon
	}
	return filepath.Join(canon, name), nil
}

// examined is what reading and sniffing one file found: at most one of
// kube, template and adapter, with the errors and notices to send.
type examined struct {
	w        walked
	errs     []lint.LoadError
	notices  []lint.Notice
	kube     bool         // a Kubernetes manifest: context for the trees
	template *lint.Notice // a template left out, said once the trees are loaded
	adapter  *Adapter
	score    int
	data     []byte // the whole file, when the head was and the adapter takes it
	sniffed  int    // the adapter's own Sniff of data (score may be forced)
}

// examineAll examines every file, on every core, and returns the
// outcomes in the order of files.
func examineAll(files []walked, force lint.SourceKind, lim input.Limits) []examined {
	out := make([]examined, len(files))
	workers := min(runtime.GOMAXPROCS(0), len(files)/16+1)
	if workers <= 1 {
		for i, w := range files {
			out[i] = examine(w, force, lim)
		}
		return out
	}
	var wg sync.WaitGroup
	next := make(chan int, 64)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = examine(files[i], force, lim)
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// examine reads the head of one file and tells what it is.
func examine(w walked, force lint.SourceKind, lim input.Limits) (x examined) {
	x.w = w
	p, explicit, canon := w.path, w.explicit, w.canon
	errorf := func(format string, args ...any) {
		x.errs = append(x.errs, lint.Errorf(lint.AtFile(input.Display(p)), format, args...))
	}
	// Opening a FIFO blocks and a device never ends: only regular files
	// are configuration.
	if !w.regular {
		if st, err := os.Stat(canon); err == nil && !st.Mode().IsRegular() {
			if explicit {
				errorf("not a regular file")
			}
			return x
		} else if err == nil && explicit && lim.MaxFileSize > 0 && st.Size() > lim.MaxFileSize {
			// said before sniffing, which reads only the head and would
			// call a huge nginx file unrecognisable
			errorf("file is %d bytes, over the %d-byte limit", st.Size(), lim.MaxFileSize)
			return x
		}
	}
	buf := heads.Get().(*[]byte)
	defer heads.Put(buf)
	head, whole, err := readHeadInto(p, *buf)
	if err != nil {
		// an unreadable file a walk finds is reported when its name
		// says configuration: else a tree of unreadable files would be
		// "no configuration found", the wrong lead
		if explicit || os.IsPermission(err) && configName(p) {
			errorf("cannot read: %s", statReason(err))
		}
		return x
	}
	if force == "" && !explicit && compose.SniffKube(p, head) > 0 {
		// A Kubernetes Service manifest is context for the trees
		// beside it (headless names), loaded once they are.
		x.kube = true
		return x
	}
	sn := newSniffs(p, head)
	if force == "" {
		rendered := sn
		if r := template.Rendered(p); r != p {
			rendered = newSniffs(r, head)
		}
		if what := rendered.notConfig(); what != "" {
			if what == terraformOther && explicit && (strings.HasSuffix(p, ".tfvars") || strings.HasSuffix(p, ".tfvars.json")) {
				x.notices = append(x.notices, lint.Notice{Pos: lint.AtFile(input.Display(p)),
					Message: "not linted on its own: a module's terraform.tfvars and *.auto.tfvars are read with its .tf files; name the module's directory"})
				return x
			}
			if explicit {
				errorf("%s, not nginx or Apache configuration", what)
			}
			return x
		}
	}
	a, score := sn.best(force)
	if a == nil || a.Kind != lint.Cloudflare {
		data := head
		if !whole {
			data = nil // skipTemplate reads the rest
		}
		if n, skip := skipTemplate(p, head, data, a, explicit, w.under, lim); skip {
			x.template = n
			return x
		}
	}
	if a == nil {
		if explicit {
			errorf("cannot tell whether this is nginx, Apache or a Cloudflare snapshot; use --source")
		}
		return x
	}
	x.adapter, x.score = a, score
	if whole && (a.Kind == lint.Nginx || a.Kind == lint.Apache || a.Kind == lint.PHPFPM) {
		// the head is a pooled buffer: the adapter gets a copy
		x.data = append(make([]byte, 0, len(head)), head...)
		x.sniffed = sn.kind(a.Kind)
	}
	return x
}

// readHead reads the first sniffBytes of p; whole is true when that is
// the whole file.
func readHead(p string) (head []byte, whole bool, err error) {
	return readHeadInto(p, make([]byte, sniffBytes))
}

// heads are buffers for readHeadInto: examine reads every file of a walk,
// and a fresh 64 KiB for each of 100,000 small files is most of what
// discovery allocates. Nothing examine returns refers to the head.
var heads = sync.Pool{New: func() any { b := make([]byte, sniffBytes); return &b }}

// readHeadInto is readHead into buf.
func readHeadInto(p string, buf []byte) (head []byte, whole bool, err error) {
	f, err := input.Open(p)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	n, err := io.ReadFull(f, buf)
	return buf[:n], err == io.EOF || err == io.ErrUnexpectedEOF, nil
}
