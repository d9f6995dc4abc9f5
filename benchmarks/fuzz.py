"""The long fuzz run: ``python -m benchmarks.fuzz --n 100000 [--workers 2] [--seed 0]``.

Each worker process draws distinct inputs from :func:`benchmarks.corpus.generate` (input
``i`` uses ``random.Random(f"{seed}-{i}")``, its canary path depends only on the seed and the
worker, and workers run with ``PYTHONHASHSEED=0``, so every finding is reproducible) and runs
them through :func:`benchmarks.probe.probe` (parse, explain, diff, check).  The oracle judges
answers, not timings: a call is a finding when it escapes, fails internally, points outside its
text, executes something, or is stopped by symdl's wall-clock backstop (``--time-limit``, default
symdl's own 60 s) instead of a counted budget.  Seconds and CPU seconds per call are statistics.
A worker that dies or hangs past the watchdog (every stage at the backstop, plus two minutes) is
restarted after its current input, which is recorded as a hang.  The parent aggregates the
workers' JSON lines into a summary (inputs tried, findings by kind, backstop hits, which budgets
refused what, time statistics) written to ``--out`` every ``--save-every`` seconds and at the end.

``--compare-load N`` runs the same seeded sample of N inputs twice in fresh worker processes, once
on an idle machine and once with ``--busy K`` CPU-bound spin loops beside it (started and stopped
here), and compares each input's answer signature in every stage (:func:`benchmarks.probe.answer`).
Both runs process the inputs in the same order in fresh processes, so SymPy's cache holds the same
things and the budgets see the same work.  Any difference is a finding (exit status 1); the summary
goes to ``--out`` (default ``benchmarks/fuzz_compare.json``).

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
DEFAULT_COMPARE_OUT = HERE / "fuzz_compare.json"
TEXT_SHOWN = 600
#: Differences listed in full in the comparison summary.
DIFFERENCES_SHOWN = 20
#: Slack of the per-input watchdog on top of every stage running into the backstop.
WATCHDOG_SLACK = 120.0


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


def canary_path(seed: int, wid: int) -> str:
    """The canary file of worker ``wid``: the same path in every run of a seed, so inputs are reproducible."""
    return os.path.join(tempfile.gettempdir(), f"symdl-fuzz-canary-s{seed}-w{wid}")


def worker(args: argparse.Namespace) -> None:
    """Run inputs ``start, start + workers, ...`` below ``n``; one JSON line per input on stdout."""
    import sympy

    import symdl
    from benchmarks.probe import STAGES, probe

    config = symdl.Config(time_limit=args.time_limit or None)
    canary = canary_path(args.seed, args.start % args.workers)
    current = Path(args.current)
    watchdog = len(STAGES) * args.time_limit + WATCHDOG_SLACK if args.time_limit else 3600.0
    seen: set[str] = set()
    probe("x", canary=canary, config=config)  # warm up imports outside the inputs
    for done, index in enumerate(range(args.start, args.n, args.workers)):
        family, text, claim, lenient = draw(args.seed, index, seen, canary)
        current.write_text(json.dumps({"i": index, "family": family, "text": text[:TEXT_SHOWN], "len": len(text)}))
        faulthandler.dump_traceback_later(watchdog, exit=True, file=sys.stderr)
        report = probe(text, claim=claim, lenient=lenient, canary=canary, config=config)
        faulthandler.cancel_dump_traceback_later()
        stage, seconds = report.slowest
        line: dict[str, Any] = {
            "i": index,
            "family": family,
            "len": len(text),
            "lenient": lenient,
            "outcomes": report.outcomes,
            "answers": report.answers,
            "seconds": {k: round(v, 4) for k, v in report.seconds.items()},
            "cpu": {k: round(v, 4) for k, v in report.cpu.items()},
            "slowest": [stage, round(seconds, 4)],
            "findings": [[f.kind, f.stage, f.detail[:800]] for f in report.findings],
        }
        if report.findings or seconds > 1.0 or args.answers:
            line["text"] = text[:TEXT_SHOWN]
            line["claim"] = claim[:200]
        if args.answers:
            line["shown"] = report.shown
        print(json.dumps(line), flush=True)
        if done % 500 == 499:
            sympy.core.cache.clear_cache()
        with contextlib.suppress(FileNotFoundError):
            os.remove(canary)


def _quantile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class Summary:
    """Aggregates worker lines into the published figures."""

    def __init__(self, args: argparse.Namespace, *, keep: bool = False) -> None:
        self.n, self.seed, self.workers = args.n, args.seed, args.workers
        self.time_limit = args.time_limit
        self.keep = keep  # keep every line (for --compare-load)
        self.lines: dict[int, dict[str, Any]] = {}
        self.tried = 0
        self.families: Counter[str] = Counter()
        self.outcomes: Counter[str] = Counter()
        self.budgets: Counter[str] = Counter()
        self.kinds: Counter[str] = Counter()
        self.signatures: dict[str, dict[str, Any]] = {}
        self.slowest: dict[str, Any] = {"seconds": 0.0}
        self.seconds: dict[str, list[float]] = {}
        self.cpu: dict[str, list[float]] = {}
        self.hangs: list[dict[str, Any]] = []
        self.started = time.time()
        self.finished: float | None = None  # set when the run ends (a kept summary is read later)
        self.commit = _commit()
        self.next: dict[int, int] = {}  # worker → the index it runs next (saved for --resume)
        self.wall_before = 0.0  # wall seconds of the sessions this run resumed

    def restore(self, data: dict[str, Any]) -> dict[int, int]:
        """Continue the run saved in ``data`` (same command, same commit): its counts, and where each worker
        stopped.  Returns worker → next index."""
        state = data.get("resume")
        if not state:
            raise SystemExit(f"no resume state beside that summary ({resume_path('SUMMARY')} is written with it)")
        if data["commit"] != self.commit or "+" in self.commit:
            raise SystemExit(f"the run was at commit {data['commit']}, this checkout is {self.commit}: a resumed run "
                             "must test the same code")
        self.tried = data["inputs_tried"]
        self.families.update(data["families"])
        self.outcomes.update(data["outcomes"])
        self.budgets.update(data["budgets_hit"])
        self.kinds.update(data["findings_by_kind"])
        self.signatures = dict(data["signatures"])
        self.slowest = dict(data["slowest"])
        self.hangs = list(data["hangs"])
        self.seconds = {k: list(v) for k, v in state["seconds"].items()}
        self.cpu = {k: list(v) for k, v in state["cpu"].items()}
        self.wall_before = float(data["wall_seconds"])
        return {int(k): int(v) for k, v in state["next"].items()}

    def add(self, line: dict[str, Any]) -> None:
        self.tried += 1
        if self.keep:
            self.lines[line["i"]] = line
        self.families[line["family"]] += 1
        for stage, outcome in line["outcomes"].items():
            self.outcomes[f"{stage}:{outcome}"] += 1
            if outcome.startswith("error:ResourceLimit"):
                self.budgets[(outcome.split(":", 2)[2] if outcome.count(":") >= 2 else "") or "(unnamed)"] += 1
        for stage, secs in line["seconds"].items():
            self.seconds.setdefault(stage, []).append(secs)
        for stage, secs in line["cpu"].items():
            self.cpu.setdefault(stage, []).append(secs)
        if line["slowest"][1] > self.slowest["seconds"]:
            stage = line["slowest"][0]
            self.slowest = {"seconds": line["slowest"][1], "cpu": line["cpu"].get(stage, 0.0), "stage": stage,
                            "i": line["i"], "family": line["family"], "len": line["len"],
                            "text": line.get("text", "")}  # fmt: skip
        for kind, stage, detail in line["findings"]:
            self.kinds[kind] += 1
            sig = f"{kind} | {stage} | {_signature(detail)}"
            entry = self.signatures.setdefault(sig, {"count": 0, "examples": []})
            entry["count"] += 1
            if len(entry["examples"]) < 3:
                entry["examples"].append({"i": line["i"], "family": line["family"], "len": line["len"],
                                          "lenient": line["lenient"], "text": line.get("text", ""),
                                          "claim": line.get("claim", ""), "detail": detail})  # fmt: skip

    def timing(self) -> dict[str, Any]:
        """Seconds and CPU seconds per stage: statistics of this run on this machine, never findings."""
        out: dict[str, Any] = {}
        for stage, secs in self.seconds.items():
            cpu = self.cpu.get(stage, [])
            out[stage] = {"mean": round(sum(secs) / len(secs), 4), "p99": round(_quantile(secs, 0.99), 3),
                          "max": round(max(secs), 3), "cpu_mean": round(sum(cpu) / max(1, len(cpu)), 4),
                          "cpu_max": round(max(cpu, default=0.0), 3)}  # fmt: skip
        return out

    def to_dict(self) -> dict[str, Any]:
        limit = f" --time-limit {self.time_limit:g}" if self.time_limit != DEFAULT_TIME_LIMIT else ""
        return {
            "command": f"python -m benchmarks.fuzz --n {self.n} --seed {self.seed} --workers {self.workers}{limit}",
            "commit": self.commit,
            "inputs_tried": self.tried,
            "escapes": self.kinds.get("escape", 0),
            "internal_errors": self.kinds.get("internal", 0),
            "backstop_hits": self.kinds.get("backstop", 0),
            "findings_by_kind": dict(self.kinds),
            "time_limit": self.time_limit,
            "budgets_hit": dict(self.budgets.most_common()),
            "hangs": self.hangs,
            "slowest": self.slowest,
            "seconds_by_stage": self.timing(),
            "families": dict(self.families),
            "outcomes": dict(sorted(self.outcomes.items())),
            "signatures": dict(sorted(self.signatures.items(), key=lambda kv: -kv[1]["count"])),
            "wall_seconds": round(self.wall_before + (self.finished or time.time()) - self.started, 1),
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
    if detail.startswith("ResourceLimit: ") and "backstop" in detail:
        return "stopped by the wall-clock backstop"
    head = detail.split(" | at ")[0].split(":")[0]
    frames = detail.split(" | at ")[1].split(" <- ") if " | at " in detail else []
    ours = [f for f in frames if f.startswith("symdl/")]
    where = (ours[0] if ours else frames[0] if frames else "").split(":")[0]
    func = (ours[0] if ours else frames[0] if frames else "").split(" ")[-1]
    return f"{head} {where} {func}".strip()


def _spawn(args: argparse.Namespace, wid: int, start: int, lines: queue.Queue[tuple[int, str | None]]) -> Worker:
    current = os.path.join(tempfile.gettempdir(), f"symdl-fuzz-current-{os.getpid()}-{wid}.json")
    cmd = [sys.executable, "-W", "ignore", "-m", "benchmarks.fuzz", "--worker", "--n", str(args.n),
           "--seed", str(args.seed), "--workers", str(args.workers), "--start", str(start),
           "--time-limit", str(args.time_limit), "--current", current]  # fmt: skip
    if args.answers:
        cmd.append("--answers")
    env = dict(os.environ)
    if args.hash_seed != "random":
        env["PYTHONHASHSEED"] = args.hash_seed
    proc = subprocess.Popen(cmd, cwd=HERE.parent, stdout=subprocess.PIPE, text=True, env=env)

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
    done_any: bool = False

    def next_index(self, workers: int) -> int:
        """The index this worker would run next (where a resumed run starts it)."""
        return self.last + workers if self.done_any else self.last


def parent(args: argparse.Namespace, *, keep: bool = False, save: bool = True) -> Summary:
    """Run the workers, restart any that die, and aggregate."""
    summary = Summary(args, keep=keep)
    starts = {wid: wid for wid in range(args.workers)}
    if getattr(args, "resume", ""):
        data = json.loads(Path(args.resume).read_text(encoding="utf-8"))
        side = Path(resume_path(args.resume))
        data["resume"] = json.loads(side.read_text(encoding="utf-8")) if side.exists() else None
        starts = summary.restore(data)
    lines: queue.Queue[tuple[int, str | None]] = queue.Queue()
    workers = {wid: _spawn(args, wid, start, lines) for wid, start in starts.items() if start < args.n}
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
                workers[wid].last, workers[wid].done_any = data["i"], True
            elif line is None:
                w = workers.pop(wid)
                rc = w.proc.wait()
                if rc != 0:  # died or hung: record the input it was on, restart after it
                    info = json.loads(Path(w.current).read_text()) if os.path.exists(w.current) else {}
                    summary.hangs.append({"rc": rc, **info})
                    nxt = int(info.get("i", w.last)) + args.workers
                    summary.next[wid] = nxt
                    if nxt < args.n:
                        workers[wid] = _spawn(args, wid, nxt, lines)
                with contextlib.suppress(FileNotFoundError):
                    os.remove(w.current)
            summary.next.update({w: worker.next_index(args.workers) for w, worker in workers.items()})
            if save and time.time() - last_save > args.save_every:
                _save(summary, args)
                last_save = time.time()
    finally:
        for w in workers.values():
            w.proc.terminate()
    summary.finished = time.time()
    if save:
        _save(summary, args)
    return summary


def resume_path(summary: str) -> str:
    """Where the state ``--resume`` needs is saved beside a summary: each worker's next index and every call's
    timings (megabytes for a long run, so kept out of the summary a README block is made from)."""
    return summary + ".resume"


def _save(summary: Summary, args: argparse.Namespace) -> dict[str, Any]:
    data = summary.to_dict()
    Path(args.out).write_text(json.dumps(data, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    state = {"next": summary.next, "seconds": summary.seconds, "cpu": summary.cpu}
    Path(resume_path(args.out)).write_text(json.dumps(state), encoding="utf-8")
    print(f"[fuzz] {data['inputs_tried']} inputs, {data['escapes']} escapes, {data['internal_errors']} internal, "
          f"{data['backstop_hits']} backstop hits, {sum(data['findings_by_kind'].values())} findings, "
          f"slowest {data['slowest']['seconds']:.2f} s, {data['wall_seconds']:.0f} s", file=sys.stderr,
          flush=True)  # fmt: skip
    return data


# --- idle vs loaded ------------------------------------------------------------------------------

#: A CPU-bound busy process: a spin loop that does nothing but take a core.
SPIN = "while True:\n    pass\n"


@contextlib.contextmanager
def busy(k: int) -> Any:
    """``k`` CPU-bound spin-loop processes beside the block, stopped (by their own ids) when it ends."""
    procs = [subprocess.Popen([sys.executable, "-c", SPIN], stdin=subprocess.DEVNULL) for _ in range(k)]
    try:
        yield procs
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def _brief(summary: Summary) -> dict[str, Any]:
    data = summary.to_dict()
    keys = ("inputs_tried", "escapes", "internal_errors", "backstop_hits", "findings_by_kind", "budgets_hit",
            "hangs", "seconds_by_stage", "wall_seconds")  # fmt: skip
    return {k: data[k] for k in keys}


def compare_load(args: argparse.Namespace) -> dict[str, Any]:
    """Run the same ``args.compare_load`` inputs idle and beside ``args.busy`` spin loops; compare answers."""
    args.n, args.answers = args.compare_load, True
    started = time.time()
    print(f"[fuzz] idle run of {args.n} inputs", file=sys.stderr, flush=True)
    idle = parent(args, keep=True, save=False)
    print(f"[fuzz] loaded run of {args.n} inputs beside {args.busy} busy processes", file=sys.stderr, flush=True)
    with busy(args.busy):
        load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
        loaded = parent(args, keep=True, save=False)
        load_after = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    differ: list[dict[str, Any]] = []
    for i in sorted(set(idle.lines) | set(loaded.lines)):
        a, b = idle.lines.get(i), loaded.lines.get(i)
        if a is not None and b is not None and a["answers"] == b["answers"]:
            continue
        some = a or b or {}
        entry: dict[str, Any] = {key: some.get(key) for key in ("i", "family", "lenient", "text", "claim")}
        entry["stages"] = {}
        for stage in sorted(set((a or {}).get("answers", {})) | set((b or {}).get("answers", {}))):
            ans = [(x or {}).get("answers", {}).get(stage, "missing") for x in (a, b)]
            if ans[0] != ans[1]:
                shown = [(x or {}).get("shown", {}).get(stage, "") for x in (a, b)]
                entry["stages"][stage] = {"idle": [ans[0], shown[0]], "loaded": [ans[1], shown[1]]}
        differ.append(entry)
    mean = {name: round(sum(sum(line["seconds"].values()) for line in s.lines.values()) / max(1, len(s.lines)), 4)
            for name, s in (("idle", idle), ("loaded", loaded))}  # fmt: skip
    data = {
        "command": f"python -m benchmarks.fuzz --compare-load {args.n} --busy {args.busy} --seed {args.seed} "
        f"--workers {args.workers}",
        "commit": idle.commit,
        "inputs": args.n,
        "busy_processes": args.busy,
        "cpus": os.cpu_count(),
        "hash_seed": args.hash_seed,
        "load_average_during_loaded_run": [load_before, load_after],
        "mean_seconds_per_input": mean,
        "inputs_compared": len(set(idle.lines) & set(loaded.lines)),
        "inputs_differing": len(differ),
        "differences": differ[:DIFFERENCES_SHOWN],
        "idle": _brief(idle),
        "loaded": _brief(loaded),
        "wall_seconds": round(time.time() - started, 1),
    }
    Path(args.out).write_text(json.dumps(data, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return data


DEFAULT_TIME_LIMIT = 60.0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Long fuzz run over parse, explain, diff and check.")
    p.add_argument("--n", type=int, default=100_000, help="number of inputs")
    p.add_argument("--workers", type=int, default=max(1, min(2, os.cpu_count() or 1)))
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT,
                   help="symdl's wall-clock backstop per call (Config.time_limit; 0: none); a call it stops is a "
                   "finding")  # fmt: skip
    p.add_argument(
        "--compare-load",
        type=int,
        nargs="?",
        const=2000,
        default=0,
        metavar="N",
        help="run the same N inputs (default 2000) idle and beside --busy spin loops; compare answers",
    )
    p.add_argument("--busy", type=int, default=6, help="busy processes beside the loaded run of --compare-load")
    p.add_argument("--hash-seed", default="0", help="PYTHONHASHSEED of the workers ('random': Python's default)")
    p.add_argument("--out", default="", help="summary JSON (default benchmarks/fuzz_results.json, or "
                   "benchmarks/fuzz_compare.json with --compare-load)")  # fmt: skip
    p.add_argument("--save-every", type=float, default=60.0)
    p.add_argument("--resume", default="", metavar="SUMMARY",
                   help="continue the run saved in SUMMARY (same --n/--seed/--workers, same commit) where it stopped")
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--answers", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--start", type=int, default=0, help=argparse.SUPPRESS)
    p.add_argument("--current", default="", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        worker(args)
        return 0
    if args.compare_load:
        args.out = args.out or str(DEFAULT_COMPARE_OUT)
        data = compare_load(args)
        shown = ("inputs", "busy_processes", "inputs_compared", "inputs_differing", "mean_seconds_per_input")
        print(json.dumps({k: data[k] for k in shown} | {"differences": data["differences"][:5]}, indent=1,
                         ensure_ascii=False))  # fmt: skip
        return 1 if data["inputs_differing"] else 0
    args.out = args.out or str(DEFAULT_OUT)
    data = parent(args).to_dict()
    shown = ("inputs_tried", "escapes", "internal_errors", "backstop_hits", "findings_by_kind", "budgets_hit",
             "slowest")  # fmt: skip
    print(json.dumps({k: data[k] for k in shown}, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
