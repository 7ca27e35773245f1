package input

import (
	"sync/atomic"
	"syscall"
)

// fileID tells directories apart: the inode and its change time, since a
// directory removed and another made (tests' temporary directories) can
// get the inode number back.
type fileID struct {
	dev, ino uint64
	ctime    syscall.Timespec
}

var lastWd atomic.Pointer[wdCache]

// dotID identifies the working directory; ok is false when it cannot be
// had, and Workdir then asks os.Getwd.
func dotID() (fileID, bool) {
	var st syscall.Stat_t
	for {
		err := syscall.Stat(".", &st)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return fileID{}, false
		}
		return fileID{dev: st.Dev, ino: st.Ino, ctime: st.Ctim}, true
	}
}
