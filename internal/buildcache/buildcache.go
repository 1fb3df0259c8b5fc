// Package buildcache lets `folio build` skip a build whose output would be
// the same as the output already on disk.
//
// After every successful build, a manifest is written beside the output
// folder (in .folio-cache/, never inside the published site). It records
//
//   - a fingerprint of every input: the folio executable itself (which
//     embeds the default theme), the build options, folio.toml, and the
//     bytes of every file under content/ and templates/;
//   - the span of build times in which the same articles are published
//     (site.Site.SettledFrom and SettledUntil), because scheduled articles
//     come and go with the clock;
//   - the identity of every file and folder of the output as the build left
//     it: size, modification and change times, inode.
//
// The next build with the same fingerprint, inside that span, over an
// output that still matches the manifest, has nothing to do, and writes
// nothing. Anything else — a changed byte in any input, another folio
// binary, an edited, added or deleted output file, a missing, unreadable or
// corrupt manifest — makes a full build, so the cache can only ever cost
// speed, never correctness. The change time (ctime) cannot be set by users,
// so an output file edited in place and given its old mtime back is still
// noticed.
//
// Inputs are fingerprinted before or as the build reads them, never after
// (Begin and Pending.Record): a file edited while a build runs is
// recorded with bytes no newer than the build used, and so rebuilt next
// time.
package buildcache

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cespare/xxhash/v2"
)

// Dir is the folder, beside the output folder, that holds manifests.
const Dir = ".folio-cache"

// format is the version of the manifest's layout; a manifest of another
// format is ignored.
const format = 1

// PathFor returns the manifest's path for the output folder dest: one
// manifest per output folder, so that two destinations of one site do not
// invalidate each other.
func PathFor(dest string) string {
	dest = filepath.Clean(dest)
	return filepath.Join(filepath.Dir(dest), Dir, filepath.Base(dest)+".manifest")
}

// Manifest describes one successful build.
type Manifest struct {
	// Inputs is the fingerprint of everything the build read.
	Inputs string
	// SettledFrom and SettledUntil bound the build times at which the same
	// articles are published (zero: unbounded).
	SettledFrom, SettledUntil time.Time
	// Summary is whatever the caller wants back from a skipped build (the
	// counts it prints).
	Summary json.RawMessage
	// Outputs lists every file and folder under the output folder.
	Outputs []Entry
}

// Entry is the identity of one file or folder of the output.
type Entry struct {
	// Path is slash-separated, relative to the output folder ("." is the
	// folder itself).
	Path string
	Stamp
}

// Stamp is what the file system says of a file: any write, rename into
// or out of a folder, or change of links changes it.
type Stamp struct {
	Mode  fs.FileMode
	Size  int64
	MTime int64 // nanoseconds since the epoch
	CTime int64 // the inode change time, which no user can set back
	Ino   uint64
}

// Settled reports whether now is inside the manifest's settled span.
func (m *Manifest) Settled(now time.Time) bool {
	return (m.SettledFrom.IsZero() || !now.Before(m.SettledFrom)) &&
		(m.SettledUntil.IsZero() || now.Before(m.SettledUntil))
}

// The manifest is a text file: a header line "folio-build-cache <format>",
// then "inputs", "settled", "summary" lines, then one line per output
// entry: mode, size, mtime, ctime, inode and path, separated by spaces (the
// path last, so that it may hold spaces). JSON took a second to decode for
// a 10,000-article site; this takes milliseconds.
const header = "folio-build-cache"

// Load reads the manifest at path. A missing, unreadable or corrupt
// manifest, or one of another format, is an error: callers treat any error
// as "no cache".
func Load(path string) (*Manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m, err := parse(string(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// errCorrupt reports a manifest that is not one this folio wrote.
var errCorrupt = errors.New("not a build cache manifest of this folio")

func parse(data string) (*Manifest, error) {
	var m Manifest
	line := func() (string, bool) {
		l, rest, ok := strings.Cut(data, "\n")
		data = rest
		return l, ok
	}
	field := func(name string) (string, bool) {
		l, ok := line()
		v, found := strings.CutPrefix(l, name+" ")
		return v, ok && found
	}
	h, ok := line()
	if !ok || h != fmt.Sprintf("%s %d", header, format) {
		return nil, errCorrupt
	}
	var settled, summary string
	if m.Inputs, ok = field("inputs"); !ok || m.Inputs == "" {
		return nil, errCorrupt
	}
	if settled, ok = field("settled"); !ok {
		return nil, errCorrupt
	}
	from, until, _ := strings.Cut(settled, " ")
	if m.SettledFrom.UnmarshalText([]byte(from)) != nil || m.SettledUntil.UnmarshalText([]byte(until)) != nil {
		return nil, errCorrupt
	}
	if summary, ok = field("summary"); !ok || !json.Valid([]byte(summary)) {
		return nil, errCorrupt
	}
	m.Summary = json.RawMessage(summary)
	for data != "" {
		l, ok := line()
		if !ok {
			return nil, errCorrupt // the last line lacks its newline: cut short
		}
		var e Entry
		var nums [5]int64
		for i := range nums {
			f, rest, found := strings.Cut(l, " ")
			n, err := strconv.ParseInt(f, 10, 64)
			if !found || err != nil {
				return nil, errCorrupt
			}
			nums[i], l = n, rest
		}
		e.Mode, e.Size, e.MTime, e.CTime, e.Ino = fs.FileMode(nums[0]), nums[1], nums[2], nums[3], uint64(nums[4])
		e.Path = l
		m.Outputs = append(m.Outputs, e)
	}
	return &m, nil
}

// Save writes m to path, through a temporary file and a rename, so that a
// build killed while saving leaves either the old manifest or the new one,
// never half of one.
func (m *Manifest) Save(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	var b bytes.Buffer
	from, _ := m.SettledFrom.MarshalText()
	until, _ := m.SettledUntil.MarshalText()
	fmt.Fprintf(&b, "%s %d\ninputs %s\nsettled %s %s\nsummary %s\n", header, format, m.Inputs, from, until, m.Summary)
	// One line per output: 27,000 of them at 10,000 articles, written
	// with strconv rather than fmt, which took a serial 10 ms of them.
	size := b.Len()
	for _, e := range m.Outputs {
		size += len(e.Path) + 5*21
	}
	b.Grow(size)
	line := make([]byte, 0, 128)
	for _, e := range m.Outputs {
		if strings.Contains(e.Path, "\n") {
			return fmt.Errorf("output path %q holds a newline", e.Path)
		}
		line = line[:0]
		for _, n := range [...]int64{int64(e.Mode), e.Size, e.MTime, e.CTime} {
			line = append(strconv.AppendInt(line, n, 10), ' ')
		}
		line = append(strconv.AppendUint(line, e.Ino, 10), ' ')
		line = append(append(line, e.Path...), '\n')
		b.Write(line)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".manifest-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(b.Bytes())
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// Remove deletes the manifest at path, so that a build that replaces the
// output never leaves behind a manifest describing an older one.
func Remove(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// Scan records the identity of every file and folder under dest, which it
// walks to find them. A caller that knows them already calls Stat.
func Scan(dest string) ([]Entry, error) {
	var names []string
	err := filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dest, p)
		if err != nil {
			return err
		}
		names = append(names, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return Stat(dest, names, nil)
}

// Stamps collects what the file system said of output files and folders
// as they were written (see publish.Dir.Written), for Stat. Its methods
// are safe for concurrent use.
type Stamps struct {
	mu sync.Mutex
	m  map[string]Stamp
}

// Add records info as what the file system says of the output file or
// folder name (slash-separated, relative to the output folder). It must
// not change afterwards: Stat takes its identity from here.
func (s *Stamps) Add(name string, info fs.FileInfo) {
	st := stampOf(info)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]Stamp{}
	}
	s.m[name] = st
}

// Stat records the identity of the named files and folders under dest
// (slash-separated, relative to dest, "." for dest itself), which must be
// all of them for the manifest to notice every change to the output. The
// identities known contains are taken from it; the others are stat'ed on
// all cores: on a 10,000-article site that is some 27,000 calls, at the
// end of a build when nothing else is running, unless the writer knows
// most of them (publish.Dir does in a first build: all but a few
// folders; a rebuild, which leaves most files untouched, knows none).
func Stat(dest string, names []string, known *Stamps) ([]Entry, error) {
	out := make([]Entry, len(names))
	for i, name := range names {
		out[i].Path = name
	}
	if known != nil {
		known.mu.Lock()
		defer known.mu.Unlock()
	}
	err := eachEntry(out, func(e *Entry) error {
		if known != nil {
			if st, ok := known.m[e.Path]; ok {
				e.Stamp = st
				return nil
			}
		}
		info, err := os.Lstat(filepath.Join(dest, filepath.FromSlash(e.Path)))
		if err != nil {
			return err
		}
		e.Stamp = stampOf(info)
		return nil
	})
	return out, err
}

// Intact reports whether the output folder dest is exactly as the
// manifest recorded it. Folders are checked too: a file added to or
// removed from a folder changes the folder's times.
func (m *Manifest) Intact(dest string) bool {
	if len(m.Outputs) == 0 {
		return false
	}
	errChanged := errors.New("changed")
	return eachEntry(m.Outputs, func(e *Entry) error {
		info, err := os.Lstat(filepath.Join(dest, filepath.FromSlash(e.Path)))
		if err != nil || stampOf(info) != e.Stamp {
			return errChanged
		}
		return nil
	}) == nil
}

// eachEntry calls fn on every entry, on all cores. Each worker stops at
// its first error; the errors are returned joined.
func eachEntry(entries []Entry, fn func(*Entry) error) error {
	workers := min(runtime.GOMAXPROCS(0), max(1, len(entries)/1024))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			// Worker w takes every workers-th entry, so that the work is
			// spread evenly without a channel.
			for i := w; i < len(entries); i += workers {
				if err := fn(&entries[i]); err != nil {
					errs[w] = err
					return
				}
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Fingerprint hashes the inputs of a build: the running executable, the
// given options (any strings that change the output, such as flags), and
// every file under each of the roots' folders (paths relative to source).
// Folders that do not exist are hashed as absent. Files are read on all
// cores, two readers per CPU.
func Fingerprint(source string, options []string, roots ...string) (string, error) {
	p, err := Begin(source, options, nil, roots...)
	if err != nil {
		return "", err
	}
	return p.Finish()
}

// Pending is a fingerprint that the build completes as it reads its
// inputs (see Begin): the same string Fingerprint returns for the same
// bytes, without reading the files the build reads anyway a second time.
type Pending struct {
	source  string
	options []string
	files   []string // every input file, sorted
	sums    []uint64 // each file's fileSum

	mu       sync.Mutex
	deferred map[string]int // the files left to Record, by relative slash path, to their index
	recorded []bool
}

// Begin starts the fingerprint of a build's inputs (see Fingerprint). It
// lists every input file now and hashes those for which deferred returns
// false (or all, for a nil deferred); the others, named by their
// slash-separated path relative to source, are the files the build will
// read itself and hand to Record. Finish hashes those that it did not.
//
// Every byte is thus hashed before or as the build reads it, never after:
// a file edited while the build runs is recorded with bytes no newer than
// the build used, and rebuilt next time. Only a file the build never
// reads (an ignored one, say) may be hashed by Finish, after the build,
// which cannot make its output stale.
func Begin(source string, options []string, deferred func(rel string) bool, roots ...string) (*Pending, error) {
	// The executable is hashed while the inputs are listed and the build
	// runs: it is 20 MB, and no build reads it. Finish waits for the sum.
	go executableSum()
	var files []string
	for _, root := range roots {
		var err error
		if files, err = listFiles(files, source, root); err != nil && !errors.Is(err, errNoRoot) {
			return nil, err
		}
	}
	sort.Strings(files)
	p := &Pending{
		source: source, options: options, files: files,
		sums:     make([]uint64, len(files)),
		deferred: map[string]int{},
		recorded: make([]bool, len(files)),
	}
	var now []int
	for i, f := range files {
		if deferred != nil && deferred(f) {
			p.deferred[f] = i
		} else {
			now = append(now, i)
		}
	}
	if err := p.hash(now); err != nil {
		return nil, err
	}
	return p, nil
}

// errNoRoot is listFiles' error for a root that does not exist.
var errNoRoot = errors.New("no such root")

// listFiles appends to files the slash-separated paths, relative to
// source, of the file root (slash-separated, relative to source) or of
// every file in the folder root and its subfolders, in no particular
// order, without following symbolic links. A root that does not exist
// gives errNoRoot.
//
// It builds each path from its folder's and its name, where
// filepath.WalkDir and filepath.Rel cleaned every path twice: listing a
// 10,000-article site took 17 ms that way, at the start of a build with
// nothing else running, and takes 10.5 ms this way.
func listFiles(files []string, source, root string) ([]string, error) {
	full := filepath.Join(source, filepath.FromSlash(root))
	info, err := os.Lstat(full)
	if errors.Is(err, fs.ErrNotExist) {
		return files, errNoRoot
	}
	if err != nil {
		return files, err
	}
	if !info.IsDir() {
		return append(files, root), nil
	}
	return listFolder(files, full, root)
}

// listFolder is listFiles for the folder rel, whose path is full.
// The entries are read unsorted (File.ReadDir rather than os.ReadDir):
// Begin sorts the whole list once, and sorting each folder first cost
// 1.6 ms of a 10,000-article site's start, with nothing else running.
func listFolder(files []string, full, rel string) ([]string, error) {
	f, err := os.Open(full)
	if err != nil {
		return files, err
	}
	entries, err := f.ReadDir(-1)
	f.Close()
	if err != nil {
		return files, err
	}
	for _, e := range entries {
		name := rel + "/" + e.Name()
		if !e.IsDir() {
			files = append(files, name)
			continue
		}
		if files, err = listFolder(files, full+string(filepath.Separator)+e.Name(), name); err != nil {
			return files, err
		}
	}
	return files, nil
}

// Record hashes data as the bytes of the input file rel (slash-separated,
// relative to the source), which the build has just read. Files Begin did
// not defer, or did not find, are ignored: a file that appeared since
// makes the fingerprint differ from the next build's, which then rebuilds.
// It is safe for concurrent use.
func (p *Pending) Record(rel string, data []byte) {
	sum := xxhash.Sum64(data)
	p.mu.Lock()
	defer p.mu.Unlock()
	if i, ok := p.deferred[rel]; ok {
		p.sums[i], p.recorded[i] = sum, true
	}
}

// Finish hashes the deferred files that were not recorded and returns the
// fingerprint. It fails if any input cannot be read (a file deleted while
// the build ran, say): such a build is not cached.
func (p *Pending) Finish() (string, error) {
	p.mu.Lock()
	var left []int
	for _, i := range p.deferred {
		if !p.recorded[i] {
			left = append(left, i)
		}
	}
	p.mu.Unlock()
	if err := p.hash(left); err != nil {
		return "", err
	}
	exe, err := executableSum()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "folio build cache %d\x00", format)
	h.Write(exe)
	for _, o := range p.options {
		fmt.Fprintf(h, "option %q\x00", o)
	}
	// One line per input, as fmt's "file %q %016x\x00" would write it, but
	// with strconv and hex: fmt took 6 ms of the end of a 10,000-article
	// build's loading (this takes 3.4), with nothing else to run beside it.
	line := make([]byte, 0, 128)
	var sum [8]byte
	for i, f := range p.files {
		line = strconv.AppendQuote(append(line[:0], "file "...), f)
		binary.BigEndian.PutUint64(sum[:], p.sums[i])
		line = hex.AppendEncode(append(line, ' '), sum[:])
		h.Write(append(line, 0))
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hash reads and hashes the files of the given indexes on all cores.
func (p *Pending) hash(todo []int) error {
	errs := make([]error, len(p.files))
	var wg sync.WaitGroup
	next := make(chan int)
	// Two readers per CPU: a reader spends much of its time in system
	// calls (open, read, close of small files), and one CPU's worth of
	// readers left the CPUs a third idle.
	for range min(2*runtime.GOMAXPROCS(0), len(todo)) {
		wg.Go(func() {
			for i := range next {
				p.sums[i], errs[i] = fileSum(filepath.Join(p.source, filepath.FromSlash(p.files[i])))
			}
		})
	}
	for _, i := range todo {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err // the first, in path order
		}
	}
	return nil
}

// fileSum hashes a file's bytes; a symbolic link is hashed by its target,
// without following it.
//
// The hash is XXH64 (github.com/cespare/xxhash), not SHA-256: it only has
// to tell an edited file from the one last built, never to resist someone
// forging a file with the same sum, and it reads eight times as fast: at
// 10,000 articles SHA-256 took 35 ms of the build's CPU, XXH64 5 ms. A
// chance edit that keeps all 64 bits is as likely as guessing them.
func fileSum(path string) (uint64, error) {
	info, err := os.Lstat(path)
	if err != nil {
		return 0, err
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		target, err := os.Readlink(path)
		return xxhash.Sum64String("symlink\x00" + target), err
	}
	if !info.Mode().IsRegular() {
		return xxhash.Sum64String("special\x00" + info.Mode().String()), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	h := xxhash.New()
	buf := bufPool.Get().(*[]byte)
	defer bufPool.Put(buf)
	// Read with the pooled buffer: io.CopyBuffer would hand the copy to
	// os.File.WriteTo, which allocates a buffer of its own for every file.
	for {
		n, err := f.Read(*buf)
		h.Write((*buf)[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, err
		}
	}
	return h.Sum64(), nil
}

var bufPool = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// executableSum hashes the running folio binary once per process: a
// rebuilt folio may render differently even under the same version
// string, and the default theme is embedded in it. Tests replace it.
var executableSum = sync.OnceValues(func() ([]byte, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("build cache: %w", err)
	}
	if id := goBuildID(exe); id != "" {
		return []byte("go build ID " + id), nil
	}
	sum, err := fileSum(exe)
	if err != nil {
		return nil, fmt.Errorf("build cache: %w", err)
	}
	return binary.BigEndian.AppendUint64(nil, sum), nil
})

// goBuildID returns the Go build ID of the ELF executable at path, or ""
// if it has none (another format, or linked with -buildid=). The ID ends
// with a hash of the linked binary, by which the go command itself tells
// binaries apart; reading it takes a few hundred bytes, where hashing the
// executable read all 20 MB of it, 11 ms of CPU in every build (4% of a
// 1,000-article one).
func goBuildID(path string) string {
	f, err := elf.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	s := f.Section(".note.go.buildid")
	if s == nil {
		return ""
	}
	data, err := s.Data()
	// One ELF note: name size, description size and type (4, the Go
	// linker's), the name "Go" padded to 4 bytes, then the ID.
	if err != nil || len(data) < 16 || f.ByteOrder.Uint32(data) != 4 || f.ByteOrder.Uint32(data[8:]) != 4 || string(data[12:16]) != "Go\x00\x00" {
		return ""
	}
	n := f.ByteOrder.Uint32(data[4:])
	if n == 0 || uint64(n) > uint64(len(data)-16) {
		return ""
	}
	return string(data[16 : 16+n])
}
