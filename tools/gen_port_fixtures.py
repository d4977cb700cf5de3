#!/usr/bin/env python3
"""Regenerate every tests/ports/fixtures/NAME.json by running tests/ports/NAME.py.

    /usr/bin/python3 tools/gen_port_fixtures.py

Each tests/ports/NAME.py holds a public PyTorch snippet (verbatim) and a driver with fixed,
seeded inputs; files starting with "_" are helpers, not ports. Made with torch 1.13 on CPU.
"""

import glob
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PORTS = os.path.join(ROOT, "tests", "ports")


def main():
    scripts = sorted(
        p for p in glob.glob(os.path.join(PORTS, "*.py"))
        if not os.path.basename(p).startswith("_")
    )
    failed = []
    for path in scripts:
        name = os.path.basename(path)[:-3]
        # -W ignore: several snippets use deprecated torch arguments on purpose (size_average).
        result = subprocess.run([sys.executable, "-W", "ignore", path], cwd=PORTS)
        print(("ok    " if result.returncode == 0 else "FAIL  ") + name)
        if result.returncode != 0:
            failed.append(name)
    if failed:
        sys.exit("failed: " + ", ".join(failed))


if __name__ == "__main__":
    main()
