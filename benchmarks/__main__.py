"""Every benchmark in one run: ``python -m benchmarks [--quick] [--json PATH] [--update-readme]``.

Each figure is a ratio against a baseline measured in the same run on the same machine
(symdl time ÷ baseline time: below 1 symdl is faster):

* cold ``symdl explain`` CLI vs ``python -c "import sympy"``;
* warm :func:`symdl.explain` per seed formula vs the raw ``latex2sympy2_extended`` parse;
* backprop derivation vs naive ``sympy.diff`` of the composed loss, L = 1 … 64;
* generated softmax-cross-entropy gradient vs hand numpy (and torch CPU autograd if installed);
* full gradient check vs ``torch.autograd.gradcheck`` (if torch is installed);
* PDF render time per derivation vs its verification (if :mod:`symdl.derive` is there).

Results go to JSON (``--json``, default ``benchmarks/results.json``); ``--update-readme``
regenerates the block between ``<!-- bench:start -->`` and ``<!-- bench:end -->`` of README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import bench_backprop, bench_derive, bench_explain, bench_numeric
from benchmarks.readme import update_readme

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_JSON = HERE / "results.json"


@dataclass(frozen=True)
class Row:
    """One line of the table: what, symdl's time, the baseline and its time, the ratio, a note."""

    what: str
    ours: float | None
    baseline: str
    base: float | None
    note: str = ""
    summary: float | None = None  # a ratio that is not ours / base (a geometric mean)

    @property
    def ratio(self) -> str:
        if self.summary is not None:
            return f"{self.summary:.3g}×"
        if self.ours is None or self.base is None or self.base <= 0:
            return "—"
        return f"{self.ours / self.base:.3g}×"


def _guard(name: str, fn: Callable[[], Any]) -> Any:
    """Run one benchmark; an exception becomes ``{"error": ...}`` so the others still run."""
    print(f"[bench] {name} ...", file=sys.stderr, flush=True)
    start = time.perf_counter()
    try:
        out = fn()
    except Exception as exc:
        out = {"error": f"{type(exc).__name__}: {exc}"}
    print(f"[bench] {name} done in {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
    return out


def _meta(quick: bool) -> dict[str, Any]:
    import numpy
    import sympy

    try:
        import torch

        torch_version: str | None = torch.__version__
    except ImportError:
        torch_version = None
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "quick": quick,
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores",
        "sympy": sympy.__version__,
        "numpy": numpy.__version__,
        "torch": torch_version,
    }


def collect(quick: bool = False) -> dict[str, Any]:
    """Run every benchmark; the raw figures, keyed by benchmark."""
    layers = 8 if quick else 64
    budget = 10.0 if quick else 60.0
    return {
        "meta": _meta(quick),
        "explain": _guard("explain (cold CLI, warm explain)", lambda: bench_explain.run(quick)),
        "backprop": _guard(
            f"backprop L=1..{layers}",
            lambda: {str(k): v for k, v in bench_backprop.run(layers, budget).items()} | {"budget_s": budget},
        ),
        "numeric": _guard("numeric (softmax-CE gradient, gradient check)", lambda: bench_numeric.run(quick)),
        "derive": _guard("derive (PDF per derivation)", lambda: bench_derive.run(quick)),
    }


def _explain_rows(res: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []
    cold = res.get("cold_cli", {})
    if "cli_explain_s" in cold:
        rows.append(Row("cold `symdl explain` (fresh process)", cold["cli_explain_s"],
                        '`python -c "import sympy"`', cold["import_sympy_s"]))  # fmt: skip
    ratios, parse_ratios = [], []
    for name, f in res.get("warm_explain", {}).items():
        if "symdl_explain_s" in f:
            ratios.append(f["ratio_explain_over_latex2sympy"])
            parse_ratios.append(f["ratio_parse_over_latex2sympy"])
            rows.append(Row(f"warm `explain`: {name}", f["symdl_explain_s"], "`latex2sympy` parse", f["latex2sympy_s"],
                            f"parse alone {f['ratio_parse_over_latex2sympy']:.3g}×"))  # fmt: skip
    if ratios:
        gm = math.exp(statistics.fmean(math.log(r) for r in ratios))
        rows.append(Row("warm `explain`: geometric mean", None, "`latex2sympy` parse", None, f"{len(ratios)} formulas",
                        summary=gm))  # fmt: skip
        if res.get("reader") == "symdl-grammar":  # parse ratios measured before the own grammar are not shown
            gm_parse = math.exp(statistics.fmean(math.log(r) for r in parse_ratios))
            rows.append(Row("warm `parse`: geometric mean", None, "`latex2sympy` parse", None,
                            f"{len(parse_ratios)} formulas; symdl's own grammar, no antlr", summary=gm_parse))
    return rows


def _backprop_rows(res: dict[str, Any]) -> list[Row]:
    rows = []
    budget = res.get("budget_s", 60.0)
    for layers, f in res.items():
        if not isinstance(f, dict) or "symdl" not in f:
            continue
        note = f"matrix network {f['symdl_matrix']:.3g} s"
        if f["naive_status"] == "cut off":
            note = f"naive cut off at the {budget:.0f} s budget: ratio < {f['symdl'] / budget:.3g}×; " + note
        elif f["naive"] is None:
            note = f"naive `sympy.diff` fails ({f['naive_status']}); " + note
        rows.append(Row(f"backprop derivation, L = {layers}", f["symdl"], "naive `sympy.diff`", f["naive"], note))
    return rows


def _numeric_rows(res: dict[str, Any], quick: bool) -> list[Row]:
    rows = []
    size = "512×100" if quick else "4096×1000"
    if "ce_generated_s" in res:
        rows.append(Row(f"softmax-CE gradient, {size} float64", res["ce_generated_s"], "hand numpy",
                        res["ce_hand_numpy_s"], f"max abs diff {res['ce_max_abs_diff']:.1e}"))  # fmt: skip
    if "ce_torch_autograd_s" in res:
        rows.append(Row(f"softmax-CE gradient, {size} float64", res["ce_generated_s"], "torch CPU autograd",
                        res["ce_torch_autograd_s"], f"max abs diff {res['ce_torch_max_abs_diff']:.1e}"))  # fmt: skip
    params = "1 000" if quick else "10 000"
    for method in ("complex", "richardson"):
        key = f"check_{method}_s"
        if key not in res:
            continue
        rel, evals = res[f"check_{method}_max_rel_error"], res[f"check_{method}_evaluations"]
        verdict = "passed" if res.get(f"check_{method}_passed") else "FAILED"
        note = f"{verdict}, max rel error {rel:.1e}, {evals:.0f} evaluations"
        if "torch_gradcheck_s" in res:
            torch_ok = "passed" if res.get("torch_gradcheck_passed") else "FAILED"
            rows.append(Row(f"gradient check ({method}), {params} params", res[key], "`torch.autograd.gradcheck`",
                            res["torch_gradcheck_s"], f"{note}; torch {torch_ok} at atol 1e-5, rtol 1e-3"))  # fmt: skip
        else:
            rows.append(Row(f"gradient check ({method}), {params} params", res[key], "torch (not installed)", None,
                            note))  # fmt: skip
    if "directional_cpu_s" in res:
        note = (f"CPU time; wall {res['directional_wall_s']:.3g} s vs {res['coordinatewise_wall_s']:.3g} s; "
                f"{res['directional_evaluations']:.0f} vs {res['coordinatewise_evaluations']:.0f} evaluations")
        rows.append(Row(f"`symdl.check_grads` (6 random directions), {params} params", res["directional_cpu_s"],
                        "coordinate-wise complex step", res["coordinatewise_cpu_s"], note))  # fmt: skip
    return rows


def _derive_rows(res: dict[str, Any]) -> list[Row]:
    if "skipped" in res:
        return [Row("PDF render per derivation", None, "verification", None, f"skipped: {res['skipped']}")]
    rows = []
    for name, f in res.get("derivations", {}).items():
        if "error" in f:
            rows.append(Row(f"PDF render: {name}", None, "verification", None, f"error: {f['error']}"))
        else:
            rows.append(Row(f"PDF render: {name}", f["pdf_s"], "its verification", f["verify_s"],
                            f"{f['renderer']}, {f['pdf_bytes'] // 1024} KB"))  # fmt: skip
    return rows


def rows_of(results: dict[str, Any]) -> list[Row]:
    """The table rows of a results dict (errors become rows with a note)."""
    quick = bool(results.get("meta", {}).get("quick"))
    out: list[Row] = []
    for key, make in (("explain", _explain_rows), ("backprop", _backprop_rows),
                      ("numeric", lambda r: _numeric_rows(r, quick)), ("derive", _derive_rows)):  # fmt: skip
        res = results.get(key, {})
        if "error" in res:
            out.append(Row(key, None, "—", None, f"benchmark failed: {res['error'][:150]}"))
        else:
            out.extend(make(res))
    return out


def _secs(v: float | None) -> str:
    return "—" if v is None else f"{v:.3g} s"


def table_text(rows: list[Row]) -> str:
    """A plain aligned table for the terminal."""
    head = ("benchmark", "ratio", "symdl", "baseline", "baseline time", "note")
    body = [(r.what, r.ratio, _secs(r.ours), r.baseline, _secs(r.base), r.note) for r in rows]
    widths = [max(len(str(x[i])) for x in [head, *body]) for i in range(5)]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(x[:5], widths, strict=True)) + "  " + x[5]
             for x in [head, *body]]  # fmt: skip
    lines.insert(1, "-" * min(160, sum(widths) + 12))
    return "\n".join(lines)


def table_markdown(results: dict[str, Any]) -> str:
    """The README block: how it was measured, the table, and the last long fuzz run if recorded."""
    meta = results.get("meta", {})
    torch = f"torch {meta['torch']}" if meta.get("torch") else "torch not installed"
    lines = [
        f"Measured by `python -m benchmarks{' --quick' if meta.get('quick') else ''}` on {meta.get('date', '?')} "
        f"({meta.get('machine', '?')}; Python {meta.get('python', '?')}, SymPy {meta.get('sympy', '?')}, "
        f"NumPy {meta.get('numpy', '?')}, {torch}). Ratio = symdl time ÷ baseline time measured in the same run "
        "(below 1: symdl is faster).",
        "",
        "| benchmark | ratio | symdl | baseline | baseline time | note |",
        "|---|---:|---:|---|---:|---|",
    ]
    lines += [f"| {r.what} | {r.ratio} | {_secs(r.ours)} | {r.baseline} | {_secs(r.base)} | {r.note} |"
              for r in rows_of(results)]  # fmt: skip
    for path in sorted(HERE.glob("fuzz_results*.json")):
        try:
            fz = json.loads(path.read_text(encoding="utf-8"))
            n_asked = int(str(fz["command"]).split("--n ")[1].split()[0]) if "--n " in str(fz["command"]) else 0
            # an input whose worker was restarted (a hang) was drawn too: it is a finding, not a stop
            how = "ran" if fz["inputs_tried"] + len(fz.get("hangs", ())) >= n_asked else "stopped after"
            at = f" at commit {fz['commit']}" if fz.get("commit") else ""
            note = " " + fz["note"] if fz.get("note") else ""
            if "backstop_hits" in fz:  # counted budgets: the oracle judges answers; seconds are statistics
                judged = (f"{fz['backstop_hits']} calls stopped by the wall-clock backstop, {len(fz['hangs'])} "
                          f"worker restarts; slowest call {fz['slowest']['seconds']:.1f} s "
                          f"({fz['slowest'].get('stage', '?')}, a statistic of that run)")  # fmt: skip
            else:  # a run from before counted budgets, judged against the 2 s bound of that time
                judged = (f"{fz['inputs_over_2s']} inputs with a call over the 2 s bound, {len(fz['hangs'])} worker "
                          f"restarts, slowest call {fz['slowest']['seconds']:.1f} s "
                          f"({fz['slowest'].get('stage', '?')})")  # fmt: skip
            lines += ["", f"Fuzz run (`{fz['command']}`{at}, {how} {fz['wall_seconds'] / 60:.0f} min): "
                          f"{fz['inputs_tried']} inputs answered, {fz['escapes']} escapes, "
                          f"{fz.get('internal_errors', '?')} internal errors, {judged}. Open bugs: "
                          f"`tests/test_fuzz_regressions.py`.{note}"]  # fmt: skip
        except (ValueError, KeyError, TypeError):
            continue
    for path in sorted(HERE.glob("fuzz_compare*.json")):
        try:
            fz = json.loads(path.read_text(encoding="utf-8"))
            at = f" at commit {fz['commit']}" if fz.get("commit") else ""
            note = f" {fz['note']}" if fz.get("note") else ""
            lines += ["", f"Idle vs loaded (`{fz['command']}`{at}, {fz['wall_seconds'] / 60:.0f} min on "
                          f"{fz['cpus']} CPUs): the same {fz['inputs_compared']} inputs, each run in new worker "
                          f"processes, idle and beside {fz['busy_processes']} busy processes; {fz['inputs_differing']} "
                          f"got a different answer in any stage.{note}"]  # fmt: skip
        except (ValueError, KeyError, TypeError):
            continue
    return "\n".join(lines)


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    return obj


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="CI smoke: small L, small arrays, few repetitions")
    p.add_argument("--json", help="where to write the results (default benchmarks/results.json, or results-quick.json)")
    p.add_argument("--update-readme", action="store_true", help="regenerate README.md's bench block")
    p.add_argument("--readme", default=str(ROOT / "README.md"), help=argparse.SUPPRESS)
    p.add_argument("--from-json", help="do not measure: re-print / re-render the table of an earlier results file")
    args = p.parse_args(argv)
    if args.from_json:
        results = json.loads(Path(args.from_json).read_text(encoding="utf-8"))
    else:
        results = _jsonable(collect(args.quick))
        default = DEFAULT_JSON.with_name("results-quick.json") if args.quick else DEFAULT_JSON
        out = Path(args.json) if args.json else default
        out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
        print(f"[bench] results written to {out}", file=sys.stderr)
    print(table_text(rows_of(results)))
    if args.update_readme:
        changed = update_readme(Path(args.readme), table_markdown(results))
        state = "updated" if changed else "unchanged (no bench markers, or same text)"
        print(f"[bench] README {state}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
