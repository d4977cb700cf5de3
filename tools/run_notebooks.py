#!/usr/bin/python3
"""Execute Deno notebooks headlessly without losing outputs, and check committed outputs.

Usage (from the repository root, with Debian's python3-nbclient and `deno jupyter --install`):

    /usr/bin/python3 tools/run_notebooks.py notebooks/*.ipynb          # run, fail on cell errors
    /usr/bin/python3 tools/run_notebooks.py --write notebooks/*.ipynb  # refresh committed outputs
    /usr/bin/python3 tools/run_notebooks.py --check notebooks/*.ipynb  # committed == fresh run?
    /usr/bin/python3 tools/run_notebooks.py --probe                    # can notebooks run here?

Why not `jupyter nbconvert --execute`: the Deno kernel (seen with Deno 2.9.6) sometimes
publishes a cell's output (execute_result, display_data or stream) on IOPub a fraction of a
millisecond AFTER the `status: idle` message for that cell. nbclient treats idle as the end of
the cell and silently drops whatever comes later. This runner is nbclient with two changes:

1. After a cell's idle it keeps draining IOPub until `--grace-ms` pass with no message, and
   appends any message whose parent_header.msg_id is that cell's request to that cell.
2. A message that still arrives later (while a following cell runs) is attached to the cell
   whose request it answers, instead of being dropped.

Each notebook runs with its own directory as the kernel's working directory, so notebooks
import the module as `../mod.ts`. Exit status: 0 ok, 1 a cell failed (raised, or holds an error
output from any phase, display included) or outputs are stale, 2 usage error, 3 (`--probe` only)
Jupyter or the deno kernelspec is missing.

What `--check` compares, per code cell, in order: stream name and text, errors (ename, evalue),
and for execute_result/display_data the text/plain, text/html, text/markdown, image/svg+xml and
JSON bundles (all of these are produced deterministically by the notebooks). It ignores execution
counts, cell and notebook metadata, and output metadata.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
import time
from queue import Empty

try:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionComplete, CellExecutionError
    from nbclient.util import ensure_async
except ImportError as exc:  # pragma: no cover - reported by --probe and main()
    nbformat = None
    IMPORT_ERROR = f"python3 cannot import nbclient/nbformat ({exc}); install python3-nbclient"
else:
    IMPORT_ERROR = ""

KERNEL = "deno"


if nbformat is not None:

    class DrainingClient(NotebookClient):
        """nbclient's NotebookClient that keeps outputs the kernel publishes after idle."""

        def __init__(self, nb, grace_ms: float, **kw):
            super().__init__(nb, **kw)
            self.grace_s = grace_ms / 1000.0
            self.late_after_idle = 0  # recovered during the grace period
            self.late_after_next = 0  # recovered while a later cell was running
            self.orphans = 0  # outputs answering no cell of ours (should stay 0)
            self.max_late_ms = 0.0  # longest wait from a cell's idle to a late output
            self._cells_by_msg_id = {}

        def _attach_late(self, msg) -> bool:
            """Appends an output that belongs to an earlier cell; True when it did."""
            entry = self._cells_by_msg_id.get(msg["parent_header"].get("msg_id"))
            if entry is None:
                return False
            cell, index = entry
            if msg["msg_type"] != "status":
                try:
                    self.process_message(msg, cell, index)
                except CellExecutionComplete:
                    pass
            return True

        async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
            self._cells_by_msg_id[parent_msg_id] = (cell, cell_index)
            while True:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=None))
                if msg["parent_header"].get("msg_id") == parent_msg_id:
                    try:
                        self.process_message(msg, cell, cell_index)
                    except CellExecutionComplete:
                        break
                elif self._attach_late(msg):
                    if msg["msg_type"] != "status":
                        self.late_after_next += 1
                elif msg["msg_type"] != "status":
                    self.orphans += 1
            # Idle seen: keep listening until the channel has been quiet for the grace period.
            idle_at = time.monotonic()
            while True:
                try:
                    msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=self.grace_s))
                except Empty:
                    return
                if self._attach_late(msg):
                    if msg["msg_type"] != "status":
                        self.late_after_idle += 1
                        late_ms = (time.monotonic() - idle_at) * 1000
                        self.max_late_ms = max(self.max_late_ms, late_ms)
                elif msg["msg_type"] != "status":
                    self.orphans += 1


def probe() -> str:
    """An empty string when notebooks can run here, else the reason they cannot."""
    if IMPORT_ERROR:
        return IMPORT_ERROR
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL)
    except NoSuchKernel:
        return "no 'deno' Jupyter kernelspec; run `deno jupyter --install`"
    exe = spec.argv[0] if spec.argv else ""
    if not (os.path.isfile(exe) and os.access(exe, os.X_OK)):
        return f"the deno kernelspec runs {exe!r}, which is not an executable file"
    return ""


def describe_cell(nb, index: int) -> str:
    """`cell 7 (code cell 4, "const x = ...")`: numbers are 1-based positions in the file."""
    cell = nb.cells[index]
    code_no = sum(1 for c in nb.cells[: index + 1] if c.cell_type == "code")
    first = next((line for line in cell.source.splitlines() if line.strip()), "")
    if len(first) > 60:
        first = first[:57] + "..."
    return f'cell {index + 1} (code cell {code_no}, "{first}")'


MIME_COMPARED = (
    "text/plain", "text/html", "text/markdown", "image/svg+xml", "application/json"
)


def normalise_outputs(cell) -> list[str]:
    """The comparable text of a code cell's outputs, one block per output."""
    blocks = []
    for out in cell.get("outputs", []):
        kind = out.get("output_type")
        if kind == "stream":
            blocks.append(f"[{out.get('name')}]\n{out.get('text', '')}")
        elif kind == "error":
            blocks.append(f"[error] {out.get('ename')}: {out.get('evalue')}")
        elif kind in ("execute_result", "display_data"):
            data = out.get("data", {})
            for mime in sorted(data):
                if mime in MIME_COMPARED or mime.endswith("+json"):
                    value = data[mime]
                    if not isinstance(value, str):
                        value = json.dumps(value, indent=1, sort_keys=True)
                    blocks.append(f"[{kind} {mime}]\n{value}")
        else:
            blocks.append(f"[{kind}]")
    return blocks


LINE_LIMIT = 160


def crop(text: str, focus: int = 0) -> str:
    """`text` cut to LINE_LIMIT characters around `focus` (SVG and HTML are very long lines)."""
    if len(text) <= LINE_LIMIT:
        return text
    start = max(0, min(focus - 60, len(text) - LINE_LIMIT))
    end = start + LINE_LIMIT
    return (f"{'...' if start else ''}{text[start:end]}{'...' if end < len(text) else ''}"
            f"  [characters {start}-{min(end, len(text))} of {len(text)}]")


def first_difference(a: str, b: str) -> int:
    n = min(len(a), len(b))
    return next((i for i in range(n) if a[i] != b[i]), n)


def readable_diff(lines: list[str]) -> list[str]:
    """A unified diff with long lines cropped; a changed pair is cropped where it differs."""
    out = lines[:2]  # the ---/+++ header
    i = 2
    while i < len(lines):
        if not lines[i].startswith("-"):
            out.append(crop(lines[i]))
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].startswith("-"):
            j += 1
        k = j
        while k < len(lines) and lines[k].startswith("+"):
            k += 1
        minus, plus = lines[i:j], lines[j:k]
        focus = [first_difference(minus[n][1:], plus[n][1:]) if n < len(plus) else 0
                 for n in range(len(minus))]
        out += ["-" + crop(line[1:], focus[n]) for n, line in enumerate(minus)]
        out += ["+" + crop(line[1:], focus[n] if n < len(focus) else 0)
                for n, line in enumerate(plus)]
        i = k
    return out


def diff_outputs(path: str, committed, fresh) -> list[str]:
    """Readable diffs for every code cell whose committed outputs differ from the fresh run."""
    problems = []
    if len(committed.cells) != len(fresh.cells):
        return [f"{path}: cell count changed ({len(committed.cells)} vs {len(fresh.cells)})"]
    for i, (old, new) in enumerate(zip(committed.cells, fresh.cells)):
        if old.cell_type != "code":
            continue
        a = "\n".join(normalise_outputs(old)).splitlines()
        b = "\n".join(normalise_outputs(new)).splitlines()
        if a != b:
            diff = difflib.unified_diff(a, b, "committed", "fresh run", n=2, lineterm="")
            lines = readable_diff(list(diff))
            if len(lines) > 60:
                lines = lines[:60] + [f"... ({len(lines) - 60} more diff lines)"]
            problems.append(
                f"{path}: {describe_cell(committed, i)} has stale outputs:\n"
                + "\n".join("    " + line for line in lines)
            )
    return problems


def clean_for_commit(nb) -> None:
    """Drops run-specific metadata so a refresh only changes what the code printed."""
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for out in cell.get("outputs", []):
            if out.get("output_type") in ("execute_result", "display_data"):
                out["metadata"] = out.get("metadata") or {}
    nb.metadata["kernelspec"] = {"display_name": "Deno", "language": "typescript", "name": KERNEL}
    info = nb.metadata.get("language_info", {})
    # The kernel reports its Deno/TypeScript versions here; keep only the stable keys.
    nb.metadata["language_info"] = {
        k: info[k] for k in ("name", "file_extension", "mimetype", "pygments_lexer") if k in info
    }


def run_one(
    path: str, args: argparse.Namespace
) -> tuple[bool, tuple[nbformat.NotebookNode, nbformat.NotebookNode], dict]:
    """Executes one notebook; returns (ok, (executed, as committed), stats)."""
    nb = nbformat.read(path, as_version=4)
    committed = nbformat.from_dict(json.loads(json.dumps(nb)))
    client = DrainingClient(
        nb,
        grace_ms=args.grace_ms,
        kernel_name=KERNEL,
        timeout=args.timeout,
        startup_timeout=60,
        record_timing=False,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
    )
    start = time.monotonic()
    ok = True
    try:
        client.execute()
    except CellExecutionError as exc:
        ok = False
        index = next(
            (i for i, c in enumerate(nb.cells)
             if any(o.get("output_type") == "error" for o in c.get("outputs", []))),
            None,
        )
        where = describe_cell(nb, index) if index is not None else "a cell"
        summary = str(exc).strip().splitlines()
        tail = "\n".join("    " + line for line in summary[-12:])
        print(f"FAIL {path}: {where} raised an error:\n{tail}", file=sys.stderr)
    except Exception as exc:  # kernel died, timeouts, ...
        ok = False
        print(f"FAIL {path}: {type(exc).__name__}: {exc}", file=sys.stderr)
    if ok:
        # A cell can end "ok" and still hold an error output: the Deno kernel reports an error
        # thrown while displaying a value (a chart whose renderer fails to load, say) as an error
        # output of a cell whose execution succeeded, and a late output may be one. Any error
        # output, whatever phase it came from, fails the run.
        for i, cell in enumerate(nb.cells):
            errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
            if errors:
                ok = False
                detail = "\n".join(f"    {e.get('ename')}: {e.get('evalue')}" for e in errors)
                print(f"FAIL {path}: {describe_cell(nb, i)} has an error output:\n{detail}",
                      file=sys.stderr)
    stats = {
        "seconds": time.monotonic() - start,
        "code_cells": sum(1 for c in nb.cells if c.cell_type == "code"),
        "late_after_idle": client.late_after_idle,
        "late_after_next": client.late_after_next,
        "orphans": client.orphans,
        "max_late_ms": round(client.max_late_ms, 3),
    }
    return ok, (nb, committed), stats


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="write fresh outputs into the files")
    mode.add_argument("--check", action="store_true", help="fail if committed outputs are stale")
    mode.add_argument("--probe", action="store_true", help="exit 0 if notebooks can run here")
    parser.add_argument("--grace-ms", type=float, default=50.0,
                        help="quiet time to wait for late outputs after a cell's idle (50)")
    parser.add_argument("--timeout", type=int, default=300, help="per-cell timeout, s (300)")
    parser.add_argument("--json", action="store_true", help="print per-notebook stats as JSON")
    parser.add_argument("notebooks", nargs="*")
    args = parser.parse_args(argv)

    if args.probe:
        reason = probe()
        print(reason or "ok")
        return 3 if reason else 0
    if not args.notebooks:
        parser.error("give at least one notebook")
    reason = probe()
    if reason:
        print(f"FAIL cannot run notebooks: {reason}", file=sys.stderr)
        return 1

    failed = False
    all_stats = {}
    for path in args.notebooks:
        ok, (fresh, committed), stats = run_one(path, args)
        all_stats[path] = stats
        late = stats["late_after_idle"] + stats["late_after_next"]
        status = "ok" if ok else "FAIL"
        if ok and args.check:
            problems = diff_outputs(path, committed, fresh)
            if problems:
                status = "STALE"
                print("\n\n".join(problems), file=sys.stderr)
                print(f"  refresh with: /usr/bin/python3 tools/run_notebooks.py --write {path}",
                      file=sys.stderr)
        if ok and args.write:
            clean_for_commit(fresh)
            nbformat.write(fresh, path)
        failed = failed or status != "ok"
        print(
            f"{status} {path}: {stats['code_cells']} code cells in {stats['seconds']:.1f} s, "
            f"{late} late outputs recovered"
        )
    if args.json:
        print(json.dumps(all_stats, indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
