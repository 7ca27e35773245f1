//go:build unix

package input

import (
	"io"
	"io/fs"
	"syscall"
)

// Open opens a file for reading, as os.Open does, with the errors
// os.Open and (*os.File).Read give. A run opens every file of a tree,
// most of them twice (discovery's head, a loader's read): os.Open adds
// four fcntl calls and an epoll_ctl that fails on a regular file to
// each, which are most of the system calls of a run on many small files.
func Open(path string) (io.ReadCloser, error) {
	for {
		fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: path, Err: err}
		}
		return &file{fd: fd, path: path}, nil
	}
}

type file struct {
	fd   int
	path string
}

func (f *file) Read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	for {
		n, err := syscall.Read(f.fd, b)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return 0, &fs.PathError{Op: "read", Path: f.path, Err: err}
		}
		if n == 0 {
			return 0, io.EOF
		}
		return n, nil
	}
}

func (f *file) Close() error {
	if err := syscall.Close(f.fd); err != nil {
		return &fs.PathError{Op: "close", Path: f.path, Err: err}
	}
	return nil
}
