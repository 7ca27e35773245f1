//go:build unix

package sources

import (
	"io/fs"
	"syscall"
)

// readHeadInto is readHead into buf. Discovery reads every file of a
// tree once: through the system calls themselves it takes four per file
// (open, read, the read that finds the end, close), where os.Open adds
// four fcntl and an epoll_ctl that fails for a regular file. A read
// error ends the head early, as io.ReadFull's did.
func readHeadInto(p string, buf []byte) (head []byte, whole bool, err error) {
	var fd int
	for {
		fd, err = syscall.Open(p, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, false, &fs.PathError{Op: "open", Path: p, Err: err}
	}
	defer syscall.Close(fd)
	n := 0
	for n < len(buf) {
		m, err := syscall.Read(fd, buf[n:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return buf[:n], false, nil
		}
		if m == 0 {
			return buf[:n], true, nil
		}
		n += m
	}
	return buf[:n], false, nil
}
