// Package rawfile reads and writes whole files with as few system calls as
// the platform allows. A build reads every article and writes every page,
// one small file each, so the calls per file add up: on Linux, os.ReadFile
// and os.WriteFile offer each file to the runtime's poller (two fcntl
// calls to set non-blocking mode, a failing epoll_ctl, two more fcntl
// calls to undo it) on top of the open, read or write, and close the work
// needs. Elsewhere the package uses the os functions.
package rawfile
