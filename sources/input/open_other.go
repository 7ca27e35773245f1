//go:build !unix

package input

import (
	"io"
	"os"
)

// Open opens a file for reading: os.Open (see open_unix.go).
func Open(path string) (io.ReadCloser, error) {
	return os.Open(path)
}
