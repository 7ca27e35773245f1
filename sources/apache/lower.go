package apache

import (
	"strings"
	"sync"
	"sync/atomic"
)

// lowerNames maps directive and section names as written to lower case.
// httpd's names are case-insensitive and the loader and builders match
// them lower-cased at several places per directive, while configurations
// write them in mixed case ("ProxyPass"): strings.ToLower allocated at
// each. A tree uses a few hundred distinct names; the cache stops
// growing at lowerNamesMax, past which names are lowered afresh.
var (
	lowerNames    sync.Map // string -> string
	lowerNamesLen atomic.Int32
)

const lowerNamesMax = 4096

func lowerName(s string) string {
	if v, ok := lowerNames.Load(s); ok {
		return v.(string)
	}
	l := strings.ToLower(s)
	if l == s {
		return s // nothing to save: ToLower returned s itself
	}
	if lowerNamesLen.Load() < lowerNamesMax {
		// s is a slice of a file's text: cloned, so the cache keeps no
		// file alive.
		if _, loaded := lowerNames.LoadOrStore(strings.Clone(s), l); !loaded {
			lowerNamesLen.Add(1)
		}
	}
	return l
}
