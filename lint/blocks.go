package lint

// Tree is the block structure of a configuration as its server reads it:
// every directive with the block it opens and, for an include, the files
// the include read. Directives lists a file included in several places
// once per distinct chain of enclosing blocks, which hides what a snippet
// gives the second server{} that includes it; the tree keeps every
// inclusion, and tells an include that read something from one that read
// nothing, so rules that reason about what a given block sees walk it.
type Tree struct {
	// Context is the block the entry's top level is read in: "main" for
	// a whole configuration (or a snippet of main-context directives),
	// else the source's guess for a fragment ("http", "server",
	// "location", "upstream").
	Context string
	// Body is the entry file's top level as written: includes are nodes
	// of their own (see Spliced).
	Body []*Block
}

// Block is one directive as written, with the block it opens.
type Block struct {
	Name string
	Args []string
	// Pos is where the directive starts; EndLine is its ';' or the line
	// of its closing brace, as in Directive.
	Pos Position
	// Block is true when the directive opens a block, even an empty one
	// or one whose body is not configuration (a Lua block).
	Block    bool
	Children []*Block
	// Include is what an include directive read; nil for any other
	// directive.
	Include *Inclusion
}

// Inclusion is what one include directive read.
type Inclusion struct {
	// Files are the files read, in the order the server reads them
	// (glob order). A file included in several places is one
	// IncludedFile shared by all of them: walk it once per inclusion,
	// and never change it.
	Files []*IncludedFile
	// Stock is true when the include names a file the server's package
	// installs (mime.types, fastcgi_params) that the tree does not hold:
	// it is taken as present, and such files hold no blocks.
	Stock bool
}

// IncludedFile is one file as an include read it.
type IncludedFile struct {
	// Path is the file's display path, as in Config.Files.
	Path string
	Body []*Block
}

// Blind reports an include that read nothing the lint could see: a file
// missing from the repository (often generated or mounted at deploy
// time), a glob that matched nothing, a template left out, an include
// the loader refused. What the server reads there is unknown. Stock
// files do not count.
func (b *Block) Blind() bool {
	return b.Include != nil && len(b.Include.Files) == 0 && !b.Include.Stock
}

// maxSplice bounds include recursion in Spliced; sources refuse include
// cycles, so only a pathological tree reaches it.
const maxSplice = 200

// Spliced returns body with each include that read files replaced by
// those files' top levels, recursively, the way the server splices an
// included file into the block of the include directive. An include that
// read nothing stays in the list (see Blind). The result shares the
// tree's blocks (and is body itself when nothing is spliced): read-only.
func Spliced(body []*Block) []*Block {
	has := false
	for _, b := range body {
		if b.Include != nil && len(b.Include.Files) > 0 {
			has = true
			break
		}
	}
	if !has {
		return body
	}
	out := make([]*Block, 0, len(body))
	var add func([]*Block, int)
	add = func(bs []*Block, depth int) {
		for _, b := range bs {
			if b.Include != nil && len(b.Include.Files) > 0 {
				if depth < maxSplice {
					for _, f := range b.Include.Files {
						add(f.Body, depth+1)
					}
				}
				continue
			}
			out = append(out, b)
		}
	}
	add(body, 0)
	return out
}
