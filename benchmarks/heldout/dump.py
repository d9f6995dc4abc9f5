"""Dump symdl's reading of held-out rows: ``python benchmarks/heldout/dump.py ROWS.jsonl OUT.jsonl``.

Each row (``{"id", "latex", ...}``) is read by ``symdl parse`` and ``symdl explain`` in-process, and their exit codes,
outputs and error messages are written one JSON object per row.  ``SYMDL_SRC=<dir>`` reads with the symdl found
there (an earlier commit unpacked with ``git archive``), so a set is measured on the code it was written blind for;
``JOBS`` worker processes (default 2).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor

if os.environ.get("SYMDL_SRC"):
    sys.path.insert(0, os.environ["SYMDL_SRC"])


def run_cli(argv: list[str]) -> tuple[object, str, str]:
    """One CLI command in this process: (exit code, stdout, stderr); a crash is reported, never raised."""
    from symdl.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code: object = main(argv)
        except SystemExit as exc:
            code = exc.code
        except BaseException as exc:
            code = f"crash {type(exc).__name__}: {exc}"
    return code, out.getvalue(), err.getvalue()


def one(row: dict) -> dict:
    latex = row["latex"]
    pc, po, pe = run_cli(["parse", latex, "--no-color", "--time-limit", "60"])
    ec, eo, ee = run_cli(["explain", latex, "--no-color", "--time-limit", "60"])
    return {"id": row["id"], "parse_code": pc, "parse": po, "parse_err": pe,
            "explain_code": ec, "explain": eo, "explain_err": ee}


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    with ProcessPoolExecutor(int(os.environ.get("JOBS", "2"))) as ex, open(sys.argv[2], "w", encoding="utf-8") as f:
        for rec in ex.map(one, rows, chunksize=4):
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
