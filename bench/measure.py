"""Runs a command and writes what it cost, from the kernel's own accounting (wait4):

    measure.py OUT.json -- command args...

OUT.json gets wall, user and system seconds, the peak resident memory in MB and the bytes
the command wrote to storage (block output, 512-byte units, as GNU time's %O counts them).
The command's stdout and stderr pass through; its exit status becomes this script's.
"""

import json
import os
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        sys.exit(__doc__)
    out, command = sys.argv[1], sys.argv[3:]
    started = time.perf_counter()
    process = subprocess.Popen(command)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    figures = {
        "wall_seconds": wall,
        "user_seconds": usage.ru_utime,
        "system_seconds": usage.ru_stime,
        "max_rss_mb": usage.ru_maxrss / 1024,
        "bytes_written": usage.ru_oublock * 512,
    }
    with open(out, "w") as file:
        json.dump(figures, file)
    sys.exit(os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()
