//go:build !linux

package input

import "sync/atomic"

type fileID struct{}

var lastWd atomic.Pointer[wdCache]

// dotID has no inode to offer here: Workdir always asks os.Getwd.
func dotID() (fileID, bool) { return fileID{}, false }
