"""Counted budgets: pathological inputs are refused by a named budget, in any thread, whatever the load.

No test here reads a clock: each asserts *which* budget stopped a call, where, and that the answer is
the same with busy threads beside it.  Threads are joined with a generous guard only so that a broken
budget fails the test instead of hanging the suite.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

import symdl
from symdl.budget import BUDGETS, Budgets, metered
from symdl.cli import main
from symdl.derive import names

ROOT = Path(__file__).resolve().parents[1]
#: a thread still running after this long means a budget did not stop it (not a speed assertion)
HANG_GUARD = 300

#: nested sigmoids: each level offers its candidates to the recognisers (60: past the default nodes budget; 30 fit
#: once a float64 probe ruled most templates out before their exact test)
SIGMA_60 = "\\sigma(" * 60 + "x" + ")" * 60
DEEP_BRACES = "{" * 150 + "x" + "}" * 150
LONG = "x+" * 3_000 + "x"

#: (id, call, the budget that must stop it)
PATHOLOGICAL: list[tuple[str, Callable[[], object], str]] = [
    ("power-tower-9", lambda: symdl.parse(r"9^{9^{9}}"), "digits"),
    ("power-tower-2", lambda: symdl.parse(r"2^{2^{2^{2^{2^{2}}}}}"), "digits"),
    ("factorial-of-a-million", lambda: symdl.explain(r"(10^{6})!"), "digits"),
    # no wall-clock backstop: it spends ~13 CPU s before the nodes budget stops it, past the 60 s backstop on a
    # machine loaded 5x over (the budget, counted work, must be what stops it on any machine under any load)
    ("sigma-nested-60", lambda: symdl.explain(SIGMA_60, config=symdl.Config(time_limit=None)), "nodes"),
    ("sum-of-10^12-terms", lambda: symdl.check_gradient(r"\sum_{i=1}^{10^{12}} x_i^2", "x", r"3x_i"), "terms"),
    (
        "declared-20000x20000",
        lambda: symdl.check_gradient(
            r"\|W x\|^2", "W", r"3 W x x^T", config=symdl.Config(shapes={"W": (20000, 20000), "x": (20000,)})
        ),
        "elements",
    ),
    ("braces-150-deep", lambda: symdl.parse(DEEP_BRACES), "depth"),
    ("6000-tokens", lambda: symdl.parse(LONG), "tokens"),
    ("30000-characters", lambda: symdl.parse("x" + " " * 30_000), "input_chars"),
]


def _in_thread(call: Callable[[], object]) -> BaseException | object:
    box: list[object] = []

    def run() -> None:
        try:
            box.append(call())
        except BaseException as exc:  # the test inspects whatever came out
            box.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(HANG_GUARD)
    assert box, "the call was not stopped by any budget"
    return box[0]


@pytest.mark.parametrize(("call", "budget"), [pytest.param(c, b, id=i) for i, c, b in PATHOLOGICAL])
def test_a_pathological_input_is_refused_by_a_named_budget_in_a_worker_thread(call, budget) -> None:
    out = _in_thread(call)
    assert isinstance(out, symdl.ResourceLimit), repr(out)
    assert out.budget == budget
    assert f"'{budget}' budget" in out.message
    assert f"--budget {budget}=N" in out.hint and f"Budgets({budget}=N)" in out.hint
    assert out.source and 0 <= out.span.start <= out.span.end <= len(out.source)


def _busy(stop: threading.Event) -> None:
    while not stop.is_set():
        sum(k * k for k in range(1_000))


@pytest.mark.parametrize(
    ("call", "budget"),
    [
        pytest.param(lambda: symdl.explain(SIGMA_60, config=symdl.Config(budgets=Budgets(nodes=20_000))), "nodes",
                     id="sigma-nested-60-nodes-20000"),
        *(pytest.param(c, b, id=i) for i, c, b in PATHOLOGICAL if i in ("power-tower-9", "sum-of-10^12-terms")),
    ],
)
def test_the_same_budget_stops_it_with_busy_threads_beside_it(call, budget) -> None:
    stop = threading.Event()
    spinners = [threading.Thread(target=_busy, args=(stop,), daemon=True) for _ in range(2)]
    for t in spinners:
        t.start()
    try:
        out = _in_thread(call)
    finally:
        stop.set()
    assert isinstance(out, symdl.ResourceLimit) and out.budget == budget and out.message


def test_raising_the_budget_lets_the_call_through() -> None:
    text = r"10^{400} \cdot 10^{-399} x"
    with pytest.raises(symdl.ResourceLimit) as info:
        symdl.parse(text, config=symdl.Config(budgets=Budgets(digits=300)))
    assert info.value.budget == "digits"
    f = symdl.parse(text)  # the default budget has room for it
    x = f.symbols["x"]
    assert f.statements[0].rhs == 10 * x


@pytest.mark.parametrize(
    ("limit", "expected"),
    [
        pytest.param(0, "answer", id="zero-means-none"),
        pytest.param(None, "answer", id="none-means-none"),
        pytest.param(1e-9, "time_limit", id="tiny-backstop"),
    ],
)
@pytest.mark.parametrize("where", ["main-thread", "worker-thread"])
def test_the_backstop(limit, expected, where) -> None:
    """``time_limit`` is a last resort: 0/None is none; a tiny one is a ResourceLimit naming it, in any thread."""

    def call() -> object:
        return symdl.diff(r"\tanh(x) \sigma(x^2)", "x", config=symdl.Config(time_limit=limit))

    out = _in_thread(call) if where == "worker-thread" else _in_main(call)
    if expected == "answer":
        assert not isinstance(out, BaseException), repr(out)
    else:
        assert isinstance(out, symdl.ResourceLimit) and out.budget == "time_limit", repr(out)
        assert "--time-limit" in out.hint


def _in_main(call: Callable[[], object]) -> BaseException | object:
    try:
        return call()
    except symdl.SymdlError as exc:
        return exc


def test_every_budget_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in BUDGETS if f"`{name}`" not in readme]
    assert not missing


@pytest.mark.parametrize(
    ("argv", "budget"),
    [
        pytest.param(["explain", SIGMA_60], "nodes", id="explain-sigma-60"),
        pytest.param(["parse", "x + y", "--budget", "tokens=2"], "tokens", id="parse-tokens-2"),
        pytest.param(["explain", r"\frac{1}{1+e^{-x}}", "--budget", "nodes=50"], "nodes", id="explain-nodes-50"),
    ],
)
def test_cli_names_the_budget_and_exits_2(capsys, argv, budget) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"the '{budget}' budget allows" in err and f"--budget {budget}=N" in err
    assert "Traceback" not in err


# ---------------------------------------------------------------- the defaults leave room
#: budgets whose exhaustion is graceful (simplifications keep their correct, unsimplified forms)
GRACEFUL = {"steps", "work"}


def _readme_commands() -> list[list[str]]:
    import shlex

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    out = []
    for m in re.finditer(r"^\$ symdl (explain|check|compare|parse) (.*)$", readme, re.MULTILINE):
        try:
            argv = [m.group(1), *shlex.split(m.group(2))]
        except ValueError:  # a line that cannot be pasted into a shell as it stands
            continue
        if not any(a.endswith(".tex") for a in argv):
            out.append(argv)
    return out


CASES = [pytest.param(argv, id=f"readme-{argv[0]}-{k}") for k, argv in enumerate(_readme_commands())]


@pytest.mark.parametrize("argv", CASES)
def test_readme_uses_well_under_half_of_every_budget(argv, capsys) -> None:
    with metered(Budgets(), None) as account:
        code = main(argv)  # the README shows verified/refuted checks and errors on purpose
        assert code in (0, 1, 2, 3)
        assert "limit exceeded" not in capsys.readouterr().err
    over = {k: round(v, 3) for k, v in account.usage().items() if v >= 0.5 and k not in GRACEFUL}
    assert not over, f"uses half or more of these budgets: {over}"


@pytest.mark.xdist_group("library")  # on the worker of test_derive_library, which reads the same checks' reports
@pytest.mark.parametrize("name", names(), ids=lambda n: f"derive-{n}")
def test_library_uses_well_under_half_of_every_budget(name: str, library_checked) -> None:
    """``check_file`` of each library derivation in an account of its own with the default budgets (conftest's
    ``library_checked``: the same checks test_derive_library reads, run once)."""
    report, usage = library_checked(name)
    assert report.verdict == "verified"
    over = {k: round(v, 3) for k, v in usage.items() if v >= 0.5 and k not in GRACEFUL}
    assert not over, f"uses half or more of these budgets: {over}"


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({"time_limit": -1}, id="negative-backstop"),
        pytest.param({"time_limit": float("nan")}, id="nan-backstop"),
        pytest.param({"budgets": Budgets(steps=-3)}, id="negative-budget"),
        pytest.param({"budgets": Budgets(nodes=2.5)}, id="fractional-budget"),
    ],
)
def test_a_meaningless_config_is_invalid_input(options) -> None:
    with pytest.raises(symdl.InvalidInput):
        symdl.Config(**options)


@pytest.mark.parametrize(
    ("latex", "rewritten"),
    [
        pytest.param(r"x^2 + 2x + 1", True, id="small-polynomial"),
        pytest.param(r"(x+y+z+w)^{600}", False, id="expansion-of-36-million-terms"),
        pytest.param(r"\frac{e^{1e308 x} - 1}{e^{2x} - 1}", False, id="degree-1e308-in-an-exponent"),
        pytest.param(r"1e308 e^{x} - 2", False, id="308-digit-coefficient"),
        pytest.param(r"2 - x^{100}", True, id="degree-100-power"),
        pytest.param(r"2 - x^{101}", False, id="degree-101-power"),
        pytest.param(r"1 - \beta^{1000}", False, id="degree-1000-power"),
        pytest.param(r"x^{1/300} - x^{299/300}", False, id="degree-299-in-x-to-the-1/300"),
        pytest.param(r"e^{x/300} - e^{299 x/300}", False, id="degree-299-in-e-to-the-x/300"),
        pytest.param(r"x^{1/300}", True, id="degree-1-in-x-to-the-1/300"),
        pytest.param(r"(x^{40} + 1)^{40} - 2", False, id="degree-1600-of-a-power-of-a-power"),
        pytest.param(r"x^{100} y^{100} - 2", True, id="degree-100-in-each-of-two-variables"),
    ],
)
def test_rewrites_that_count_no_steps_are_sized_first(latex, rewritten) -> None:
    """Loops in big-integer arithmetic make no calls, so no step is counted: they are sized before they run.

    Found by the fuzz run's idle-vs-loaded comparison: ``1e308 e^x - 2e`` factored for 21 s idle and ran into
    the 60 s backstop under load (a different answer); now it is not factored at all.
    Dense polynomial arithmetic too: ``2 - \\beta^{1000}`` was factored for over a minute in about a million
    counted steps (gf_mul on 1000-coefficient lists); a rewrite now sees at most degree 100, in each variable,
    through powers of powers too (``(x^{40} + 1)^{40} - 2``: 53 s for the 1.5 million steps of one factoring).
    """
    from symdl.simplify import within_terms

    assert within_terms(symdl.parse(latex).statements[0].rhs) is rewritten


HUGE_GELU = r"0.5 x \left(99999999999999999999 + \tanh\left(\sqrt{2/\pi} (x + 99999999999999999999 x^3)\right)\right)"


def test_recognisers_charge_every_point_they_evaluate() -> None:
    """The activation approximations (GELU's tanh form) are tested at points like equivalent(): charged to 'nodes'.

    Found by a sweep of the fuzz inputs (seed 11, input 9674): explain of HUGE_GELU evaluated for 1 s on 9 777
    charged nodes (20-digit numbers push evalf's precision up), twenty such terms for 15 s; now the twenty are
    refused by the 'nodes' budget, and one term charges 25 000 nodes.
    """
    with metered(Budgets(), None) as account:
        expl = symdl.explain(symdl.parse(HUGE_GELU))
    # GELU's tanh form is now matched by structure and exact constants (symdl.chunk.concepts_act_more): nothing is
    # evaluated at points, so the huge constants cost no evalf at all, and they are not GELU's constants
    assert "gelu_tanh" not in expl.concepts and account.spent["nodes"] < 20_000
    symdl.explain(HUGE_GELU, config=symdl.Config(budgets=Budgets(nodes=20_000)))  # within the budget now


def test_equivalence_never_evaluates_products_numerically(monkeypatch: pytest.MonkeyPatch) -> None:
    """evalf of a Product with a symbolic bound runs Euler-Maclaurin on its log-sum for seconds per point in a
    handful of counted steps (fuzz seed 31, input 4462): products, like sums, are compared structurally."""
    import sympy

    from symdl.chunk import algebra

    def evaluated(*_: object) -> None:
        raise AssertionError("a Product was evaluated at a numeric point")

    monkeypatch.setattr(algebra, "value_at", evaluated)
    i, n = sympy.symbols("i n", integer=True)
    x = sympy.IndexedBase("x")
    prod = sympy.Max(0, sympy.Product(x[i], (i, 1, n)))
    assert algebra.equivalent(prod, sympy.Max(0, sympy.Product(x[i], (i, 1, n)) + 1)) is False
