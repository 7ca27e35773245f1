package sources

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// readHeadBefore is readHeadInto as it was, through os.Open.
func readHeadBefore(p string, buf []byte) ([]byte, bool, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	n, err := io.ReadFull(f, buf)
	return buf[:n], err == io.EOF || err == io.ErrUnexpectedEOF, nil
}

// TestReadHeadSameAsBefore: the head, whether it is the whole file, and
// the error (as discovery words it) are those os.Open and io.ReadFull
// gave, for files around the head's size, a directory and a missing file.
func TestReadHeadSameAsBefore(t *testing.T) {
	dir := t.TempDir()
	paths := []string{filepath.Join(dir, "missing"), dir}
	for _, n := range []int{0, 1, 4096, sniffBytes - 1, sniffBytes, sniffBytes + 1, 3 * sniffBytes} {
		p := filepath.Join(dir, "f"+string(rune('a'+len(paths))))
		if err := os.WriteFile(p, bytes.Repeat([]byte("x;\n"), n/3+1)[:n], 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	for _, p := range paths {
		head, whole, err := readHeadInto(p, make([]byte, sniffBytes))
		head0, whole0, err0 := readHeadBefore(p, make([]byte, sniffBytes))
		if !bytes.Equal(head, head0) || whole != whole0 || (err == nil) != (err0 == nil) ||
			err != nil && (statReason(err) != statReason(err0) || err.Error() != err0.Error() || os.IsPermission(err) != os.IsPermission(err0)) {
			t.Errorf("%s: %d bytes, whole %v, %v; before %d, %v, %v", p, len(head), whole, err, len(head0), whole0, err0)
		}
		if err != nil && !reflect.DeepEqual(err, err0) {
			t.Errorf("%s: error %#v, before %#v", p, err, err0)
		}
	}
}
