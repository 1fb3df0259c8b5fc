// Package browsertest starts headless Chromium for tests, as
// net/http/httptest starts servers: folio's theme and preview are checked
// in a real browser, driven with chromedp.
//
// Tests skip when Chromium is missing on a developer's machine, and fail
// under CI=true, where .ci/run installs Debian's chromium package.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Path returns the Chromium executable, or "" when there is none.
func Path() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// New starts a headless browser for t and returns a chromedp context for a
// new tab in it, which is closed, with the browser, when the test ends.
// Every call gets a fresh profile, so tests never share state.
func New(t testing.TB, timeout time.Duration) context.Context {
	t.Helper()
	exe := Path()
	if exe == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is not installed; CI must install it (apt-get install chromium)")
		}
		t.Skip("chromium is not installed; install Debian's chromium package to run browser tests")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		// This machine has no network beyond loopback: keep Chromium from
		// trying to reach Google's services at start.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	// The first action starts the browser, which lives as long as the
	// context of that call: start it without the test's time limit, then
	// bound what the test runs.
	if err := chromedp.Do(ctx); err != nil {
		cancelCtx()
		cancelAlloc()
		t.Fatalf("starting chromium: %v", err)
	}
	tctx, cancelTimeout := context.WithTimeout(ctx, timeout)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	return tctx
}
