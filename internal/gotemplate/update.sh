#!/usr/bin/env bash
# update.sh copies text/template, html/template and internal/fmtsort, with
# their tests, from the Go installation that runs it into this folder, and
# applies folio's changes to them: folio.patch, and the *_folio.go files,
# which it leaves in place. Run it after moving to a new Go release, then
# run the tests: go test ./internal/gotemplate/...
#
# With --pristine it stops before applying folio.patch: the way to write
# the patch again when it no longer applies (see README.md here).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(go env GOROOT)/src
mod=github.com/folio-ssg/folio/internal/gotemplate

copy() { # copy FROM TO: the Go files and test data of one package
	local from=$src/$1 to=$here/$2
	mkdir -p "$to"
	find "$to" -maxdepth 1 -name '*.go' ! -name '*_folio.go' ! -name '*_folio_test.go' -delete
	rm -rf "$to/testdata"
	cp "$from"/*.go "$to"/
	[ -d "$from/testdata" ] && cp -r "$from/testdata" "$to/"
	return 0
}
copy text/template texttemplate
copy text/template/parse texttemplate/parse
copy html/template htmltemplate
copy internal/fmtsort fmtsort

# The link test builds a program with the go command from GOROOT's
# internal test helpers, which are not importable from outside it.
rm -f "$here/texttemplate/link_test.go"

# Point imports at the copies.
find "$here" -name '*.go' ! -name '*_folio.go' ! -name '*_folio_test.go' -exec sed -i \
	-e "s#\"text/template/parse\"#\"$mod/texttemplate/parse\"#" \
	-e "s#\"text/template\"#\"$mod/texttemplate\"#" \
	-e "s#\"html/template\"#\"$mod/htmltemplate\"#" \
	-e "s#\"internal/fmtsort\"#\"$mod/fmtsort\"#" {} +
gofmt -w "$here"

if [ "${1:-}" = --pristine ]; then
	echo "copied from $(go env GOVERSION), without folio.patch"
	exit 0
fi
cd "$here/../.."
git apply internal/gotemplate/folio.patch
echo "copied from $(go env GOVERSION); now run: go test ./internal/gotemplate/..."
