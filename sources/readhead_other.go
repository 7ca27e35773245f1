//go:build !unix

package sources

import (
	"io"
	"os"
)

// readHeadInto is readHead into buf.
func readHeadInto(p string, buf []byte) (head []byte, whole bool, err error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	n, err := io.ReadFull(f, buf)
	return buf[:n], err == io.EOF || err == io.ErrUnexpectedEOF, nil
}
