#!/usr/bin/env python3
"""Runs a command in a pseudo-terminal (so that it sees a TTY on stdin, stdout and stderr).

Usage: pty-run.py SCRIPT_JSON -- COMMAND [ARG...]

SCRIPT_JSON is a JSON object:
  {"timeout": seconds, "columns": N, "steps": [{"when": "text", "send": "y\\n"}, ...]}
Each step waits until `when` has appeared in the output (after the previous step's match) and then
writes `send` to the terminal ("\\u0003" is Ctrl-C). Everything the command printed is copied to
stdout; the exit status is the command's (128+N when killed by signal N, 124 on timeout).
"""
import fcntl
import json
import os
import pty
import select
import signal
import struct
import sys
import termios
import time


def main() -> int:
    spec = json.loads(sys.argv[1])
    argv = sys.argv[sys.argv.index("--") + 1 :]
    deadline = time.monotonic() + float(spec.get("timeout", 60))
    steps = list(spec.get("steps", []))
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(argv[0], argv)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, int(spec.get("columns", 120)), 0, 0))
    output = b""
    searched = 0
    status = None
    while True:
        if steps:
            idx = output.find(steps[0]["when"].encode(), searched)
            if idx >= 0:
                searched = idx + len(steps[0]["when"])
                os.write(fd, steps.pop(0)["send"].encode())
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            sys.stdout.buffer.write(output)
            sys.stdout.buffer.write(b"\n[pty-run: timeout]\n")
            return 124
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            if chunk:
                output += chunk
                continue
            # EOF on the terminal: the command closed it (exited).
        done, st = os.waitpid(pid, os.WNOHANG)
        if done:
            status = st
            # Drain what is left.
            while True:
                r, _, _ = select.select([fd], [], [], 0.05)
                if not r:
                    break
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                output += chunk
            break
    sys.stdout.buffer.write(output)
    sys.stdout.flush()
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


if __name__ == "__main__":
    sys.exit(main())
