"""Same answer under load: run the README's commands, every library derivation and the check tables on an
idle machine, then again with busy processes beside them, and compare what a user sees.

    python -m benchmarks.load [--busy 6] [--quick]

Each command runs in a fresh process; its exit code and standard output are compared byte for byte
(standard error carries progress lines only).  The two runs also use different ``PYTHONHASHSEED``
values, so an answer that follows the iteration order of a set shows up too.  The check tables are
the test files of ``symdl check`` and ``check_gradient``: their per-test outcomes are compared.
Exits 1 when anything differs.  Writes ``benchmarks/load.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: test files whose outcomes are compared (the check tables)
CHECK_TABLES = ("tests/test_cli_check.py", "tests/test_numeric_check.py", "tests/test_budgets.py")
BUSY = "while True: pass"


def readme_commands() -> list[list[str]]:
    """Every ``$ symdl ...`` line of the README that needs no file beside it."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    out = []
    for m in re.finditer(r"^\$ symdl (.*)$", text, re.MULTILINE):
        try:
            argv = shlex.split(m.group(1))
        except ValueError:  # a line that cannot be pasted into a shell as it stands
            continue
        if not any(a.endswith((".tex", ".txt", ".pdf", ".md")) for a in argv):
            out.append(argv)
    return out


def commands(quick: bool) -> list[list[str]]:
    sys.path.insert(0, str(ROOT))
    from symdl.derive import names

    derivations = names()[:3] if quick else names()
    return readme_commands() + [["derive", n, "--format", "md", "-o", "-"] for n in derivations]


def run_all(cmds: list[list[str]], quick: bool, hash_seed: int) -> dict[str, object]:
    """``{command: (exit code, sha256 of stdout)}`` and the check tables' outcomes, with ``PYTHONHASHSEED``."""
    answers: dict[str, object] = {}
    env = {**os.environ, "PYTHONHASHSEED": str(hash_seed)}
    for argv in cmds:
        proc = subprocess.run([sys.executable, "-m", "symdl", *argv], capture_output=True, cwd=ROOT, env=env,
                              check=False)  # fmt: skip
        answers["symdl " + shlex.join(argv)] = [proc.returncode, hashlib.sha256(proc.stdout).hexdigest()[:16]]
    tables = CHECK_TABLES[:1] if quick else CHECK_TABLES
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--tb=no", "-rA", *tables],
        capture_output=True, text=True, cwd=ROOT, env=env, check=False,
    )  # fmt: skip
    for line in proc.stdout.splitlines():
        m = re.match(r"^(PASSED|FAILED|XFAIL|XPASS|SKIPPED|ERROR) (\S+)", line)
        if m:
            answers[m.group(2)] = m.group(1)
    return answers


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.split("\n\n")[0])
    p.add_argument("--busy", type=int, default=6, help="CPU-bound processes beside the loaded run")
    p.add_argument("--quick", action="store_true", help="3 derivations and one check table")
    args = p.parse_args(argv)
    cmds = commands(args.quick)
    start = time.time()
    idle = run_all(cmds, args.quick, hash_seed=1)
    spinners = [subprocess.Popen([sys.executable, "-c", BUSY]) for _ in range(args.busy)]
    try:
        loaded = run_all(cmds, args.quick, hash_seed=2)  # another hashing too: nothing may follow it
    finally:
        for s in spinners:
            s.kill()
            s.wait()
    differ = sorted(k for k in idle.keys() | loaded.keys() if idle.get(k) != loaded.get(k))
    summary = {
        "busy": args.busy,
        "answers": len(idle),
        "differ": len(differ),
        "differences": [{"what": k, "idle": idle.get(k), "loaded": loaded.get(k)} for k in differ[:20]],
        "wall_seconds": round(time.time() - start, 1),
    }
    (ROOT / "benchmarks" / "load.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    print(f"{len(idle)} answers compared, idle vs {args.busy} busy processes: {len(differ)} differ "
          f"({summary['wall_seconds']:.0f} s)")  # fmt: skip
    for d in summary["differences"]:
        print(f"  {d['what']}: idle {d['idle']}, loaded {d['loaded']}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
