"""The long fuzz run: ``python -m benchmarks.fuzz --n 100000 [--workers 2] [--seed 0]``.

Each worker process draws distinct inputs from :func:`benchmarks.corpus.generate` (input
``i`` uses ``random.Random(f"{seed}-{i}")``, so every finding is reproducible) and runs
them through :func:`benchmarks.probe.probe` (parse, explain, diff, check).  A call that
runs past ``--abort-after`` seconds is interrupted and counted as slow; a worker that
dies or hangs past the hard watchdog is restarted after its current input, which is
recorded as a hang.  The parent aggregates the workers' JSON lines into a summary
(inputs tried, escapes, findings by kind, the slowest input) written to ``--out``
every ``--save-every`` seconds and at the end.

The CI-sized run is ``tests/test_fuzz.py``; this module is the long one.
"""

from __future__ import annotations

import argparse
import contextlib
import faulthandler
import hashlib
import json
import os
import queue
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "fuzz_results.json"
TEXT_SHOWN = 600


def draw(seed: int, index: int, seen: set[str], canary: str) -> tuple[str, str, str, bool]:
    """Input ``index``: (family, text, claim, lenient), redrawn while it repeats an earlier one."""
    from benchmarks import corpus

    rng = random.Random(f"{seed}-{index}")
    for _ in range(30):
        family = rng.choices(corpus.FAMILIES, weights=corpus.WEIGHTS)[0]
        text = corpus.generate(rng, family, canary=canary)
        key = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()
        if key not in seen:
            seen.add(key)
            break
    claim = rng.choice(("0", "0", text, corpus.mutate(rng, text)))
    lenient = rng.random() < (0.4 if "garble" in family else 0.1)
    return family, text, claim, lenient


def worker(args: argparse.Namespace) -> None:
    """Run inputs ``start, start + workers, ...`` below ``n``; one JSON line per input on stdout."""
    import sympy

    from benchmarks.probe import probe

    canary = os.path.join(tempfile.gettempdir(), f"symdl-fuzz-canary-{os.getpid()}")
    current = Path(args.current)
    seen: set[str] = set()
    probe("x", canary=canary)  # warm up imports outside the measured inputs
    for done, index in enumerate(range(args.start, args.n, args.workers)):
        family, text, claim, lenient = draw(args.seed, index, seen, canary)
        current.write_text(json.dumps({"i": index, "family": family, "text": text[:TEXT_SHOWN], "len": len(text)}))
        faulthandler.dump_traceback_later(args.abort_after * 8 + 60, exit=True, file=sys.stderr)
        report = probe(text, claim=claim, lenient=lenient, canary=canary, abort_after=args.abort_after)
        faulthandler.cancel_dump_traceback_later()
        stage, seconds = report.slowest
        line: dict[str, Any] = {
            "i": index,
            "family": family,
            "len": len(text),
            "lenient": lenient,
            "outcomes": report.outcomes,
            "slowest": [stage, round(seconds, 4)],
            "total": round(sum(report.seconds.values()), 4),
            "findings": [[f.kind, f.stage, f.detail[:800]] for f in report.findings],
        }
        if report.findings or seconds > 1.0:
            line["text"] = text[:TEXT_SHOWN]
            line["claim"] = claim[:200]
        print(json.dumps(line), flush=True)
        if done % 500 == 499:
            sympy.core.cache.clear_cache()
        with contextlib.suppress(FileNotFoundError):
            os.remove(canary)


class Summary:
    """Aggregates worker lines into the published figures."""

    def __init__(self, n: int, seed: int) -> None:
        self.n, self.seed = n, seed
        self.tried = 0
        self.families: Counter[str] = Counter()
        self.outcomes: Counter[str] = Counter()
        self.kinds: Counter[str] = Counter()
        self.signatures: dict[str, dict[str, Any]] = {}
        self.slowest: dict[str, Any] = {"seconds": 0.0}
        self.over_bound = 0
        self.hangs: list[dict[str, Any]] = []
        self.started = time.time()
        self.commit = _commit()

    def add(self, line: dict[str, Any]) -> None:
        self.tried += 1
        self.families[line["family"]] += 1
        for stage, outcome in line["outcomes"].items():
            self.outcomes[f"{stage}:{outcome}"] += 1
        if line["slowest"][1] > self.slowest["seconds"]:
            self.slowest = {"seconds": line["slowest"][1], "stage": line["slowest"][0], "i": line["i"],
                            "family": line["family"], "len": line["len"], "text": line.get("text", "")}  # fmt: skip
        if line["slowest"][1] > 2.0:
            self.over_bound += 1
        for kind, stage, detail in line["findings"]:
            self.kinds[kind] += 1
            sig = f"{kind} | {stage} | {_signature(detail)}"
            entry = self.signatures.setdefault(sig, {"count": 0, "examples": []})
            entry["count"] += 1
            if len(entry["examples"]) < 3:
                entry["examples"].append({"i": line["i"], "family": line["family"], "len": line["len"],
                                          "lenient": line["lenient"], "text": line.get("text", ""),
                                          "claim": line.get("claim", ""), "detail": detail})  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        return {
            "command": f"python -m benchmarks.fuzz --n {self.n} --seed {self.seed}",
            "commit": self.commit,
            "inputs_tried": self.tried,
            "escapes": self.kinds.get("escape", 0),
            "internal_errors": self.kinds.get("internal", 0),
            "findings_by_kind": dict(self.kinds),
            "inputs_over_2s": self.over_bound,
            "hangs": self.hangs,
            "slowest": self.slowest,
            "families": dict(self.families),
            "outcomes": dict(sorted(self.outcomes.items())),
            "signatures": dict(sorted(self.signatures.items(), key=lambda kv: -kv[1]["count"])),
            "wall_seconds": round(time.time() - self.started, 1),
        }


def _commit() -> str:
    """The checkout's commit (short hash, '+' when the tree has changes), or '' outside git."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True,
                              timeout=10, check=True).stdout.strip()  # fmt: skip
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=HERE,
                               capture_output=True, text=True, timeout=10, check=True).stdout.strip()  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return ""
    return head + ("+" if dirty else "")


def _signature(detail: str) -> str:
    """The part of a finding that identifies the bug: exception type and innermost symdl frame."""
    head = detail.split(" | at ")[0].split(":")[0]
    frames = detail.split(" | at ")[1].split(" <- ") if " | at " in detail else []
    ours = [f for f in frames if f.startswith("symdl/")]
    where = (ours[0] if ours else frames[0] if frames else "").split(":")[0]
    func = (ours[0] if ours else frames[0] if frames else "").split(" ")[-1]
    if detail[:1].isdigit():  # a slow finding: "12.3 s > 2.0 s"
        return "over the bound" + (" (aborted)" if "aborted" in detail else "")
    return f"{head} {where} {func}".strip()


def _spawn(args: argparse.Namespace, wid: int, start: int, lines: queue.Queue[tuple[int, str | None]]) -> Worker:
    current = os.path.join(tempfile.gettempdir(), f"symdl-fuzz-current-{os.getpid()}-{wid}.json")
    cmd = [sys.executable, "-W", "ignore", "-m", "benchmarks.fuzz", "--worker", "--n", str(args.n),
           "--seed", str(args.seed), "--workers", str(args.workers), "--start", str(start),
           "--abort-after", str(args.abort_after), "--current", current]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=HERE.parent, stdout=subprocess.PIPE, text=True)

    def pump() -> None:  # one reader thread per worker: never let a full pipe stall it
        for line in proc.stdout:  # type: ignore[union-attr]
            lines.put((wid, line))
        lines.put((wid, None))

    threading.Thread(target=pump, daemon=True).start()
    return Worker(proc, current, start)


@dataclass
class Worker:
    """A worker process, the file naming its current input, and the last index it finished."""

    proc: subprocess.Popen[str]
    current: str
    last: int


def parent(args: argparse.Namespace) -> dict[str, Any]:
    """Run the workers, restart any that die, and aggregate."""
    summary = Summary(args.n, args.seed)
    lines: queue.Queue[tuple[int, str | None]] = queue.Queue()
    workers = {wid: _spawn(args, wid, wid, lines) for wid in range(args.workers)}
    last_save = time.time()
    try:
        while workers:
            try:
                wid, line = lines.get(timeout=5)
            except queue.Empty:
                wid, line = -1, ""
            if line:
                data = json.loads(line)
                summary.add(data)
                workers[wid].last = data["i"]
            elif line is None:
                w = workers.pop(wid)
                rc = w.proc.wait()
                if rc != 0:  # died or hung: record the input it was on, restart after it
                    info = json.loads(Path(w.current).read_text()) if os.path.exists(w.current) else {}
                    summary.hangs.append({"rc": rc, **info})
                    nxt = int(info.get("i", w.last)) + args.workers
                    if nxt < args.n:
                        workers[wid] = _spawn(args, wid, nxt, lines)
                with contextlib.suppress(FileNotFoundError):
                    os.remove(w.current)
            if time.time() - last_save > args.save_every:
                _save(summary, args)
                last_save = time.time()
    finally:
        for w in workers.values():
            w.proc.terminate()
    return _save(summary, args)


def _save(summary: Summary, args: argparse.Namespace) -> dict[str, Any]:
    data = summary.to_dict()
    Path(args.out).write_text(json.dumps(data, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    print(f"[fuzz] {data['inputs_tried']} inputs, {data['escapes']} escapes, {data['internal_errors']} internal, "
          f"{sum(data['findings_by_kind'].values())} findings, slowest {data['slowest']['seconds']:.2f} s, "
          f"{data['wall_seconds']:.0f} s", file=sys.stderr, flush=True)  # fmt: skip
    return data


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description="Long fuzz run over parse, explain, diff and check.")
    p.add_argument("--n", type=int, default=100_000, help="number of inputs")
    p.add_argument("--workers", type=int, default=max(1, min(2, os.cpu_count() or 1)))
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--abort-after", type=float, default=10.0, help="interrupt one call after this many seconds")
    p.add_argument("--out", default=str(DEFAULT_OUT), help="summary JSON")
    p.add_argument("--save-every", type=float, default=60.0)
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--start", type=int, default=0, help=argparse.SUPPRESS)
    p.add_argument("--current", default="", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        worker(args)
        return
    data = parent(args)
    shown = ("inputs_tried", "escapes", "internal_errors", "findings_by_kind", "slowest")
    print(json.dumps({k: data[k] for k in shown}, indent=1))


if __name__ == "__main__":
    main()
