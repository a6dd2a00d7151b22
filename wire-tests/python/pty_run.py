#!/usr/bin/env python3
"""Runs a command on a pseudo-terminal and copies what it writes there to stdout, byte for byte.

    pty_run.py [--cols N] COMMAND [ARG...]

The command's stdin, stdout and stderr are the terminal (so a program that checks for one finds
it); the terminal is N columns wide (default 100). Exits with the command's exit status. Used by
CliProgressIT to see the command line's progress bar as a user's terminal would. Standard library
only.
"""
import fcntl
import os
import pty
import struct
import sys
import termios


def main() -> int:
    args = sys.argv[1:]
    cols = 100
    if args[:1] == ["--cols"]:
        cols = int(args[1])
        args = args[2:]
    if not args:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    pid, fd = pty.fork()
    if pid == 0:
        # the child: size its terminal before the program starts, then become the program
        fcntl.ioctl(sys.stdout.fileno(), termios.TIOCSWINSZ, struct.pack("HHHH", 40, cols, 0, 0))
        os.execvp(args[0], args)
    out = sys.stdout.buffer
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:  # EIO: every copy of the terminal's other side is closed
            break
        if not data:
            break
        out.write(data)
        out.flush()
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
