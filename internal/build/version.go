package build

import "runtime/debug"

// version is folio's release version, set at release time with
// -ldflags "-X github.com/folio-ssg/folio/internal/build.version=v1.2.3".
var version = "v0.1.0-dev"

// Version returns folio's version, with the VCS revision it was built from
// when the Go toolchain recorded one.
func Version() string {
	v := version
	if info, ok := debug.ReadBuildInfo(); ok {
		var rev, dirty string
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					dirty = "+dirty"
				}
			}
		}
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if rev != "" {
			v += " (" + rev + dirty + ")"
		}
	}
	return v
}
