"""The fuzz oracle: run one input through parse, explain, diff and check, and judge the result.

A call may return a result or raise a :class:`~symdl.errors.SymdlError` whose span lies
inside the text it refers to.  Anything else is a finding:

* ``escape`` — any other exception (``RecursionError``, ``TypeError`` ...) left symdl;
* ``internal`` — symdl's own safety net caught such an exception and raised ``InternalError``
  (the user gets a clean error, but it is a bug all the same);
* ``bad span`` — a ``SymdlError`` whose span is outside its source, or whose source is
  none of the texts the user gave, or whose message cannot be rendered;
* ``backstop`` — a call was stopped by symdl's wall-clock backstop (a ``ResourceLimit`` whose
  ``budget`` is ``"time_limit"``): the counted budgets should have stopped it long before;
* ``unnamed budget`` — a ``ResourceLimit`` that does not name the budget it exceeded (the user
  cannot raise it);
* ``executed`` — while symdl ran, a process was spawned, the canary file was touched, or
  code mentioning the hostile text was compiled (watched with a :func:`sys.addaudithook`
  hook, armed only inside :func:`probe`).

The oracle judges answers, never timings: how long a call took depends on the machine and its
load, what it answered must not (README "Limits": counted budgets).  Seconds and CPU seconds per
stage are recorded as statistics only.  Each stage's answer is summarised in a short deterministic
**answer signature** (:func:`answer`), so that runs of the same inputs — idle and under load, in
fresh processes — can be compared (``python -m benchmarks.fuzz --compare-load N``).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import symdl
from symdl.config import DEFAULT, Config
from symdl.errors import InternalError, ResourceLimit, SymdlError

#: The ``budget`` of the ResourceLimit raised by the wall-clock backstop (not a counted budget).
BACKSTOP = "time_limit"

#: Audit events that mean something was run outside Python.
SPAWN_EVENTS = frozenset(
    {"os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty", "subprocess.Popen",
     "pty.spawn", "os.startfile", "ctypes.dlopen", "socket.connect", "webbrowser.open"}
)  # fmt: skip

#: Code compiled from a string (not a module file) that contains one of these *and* the user's text
#: contains it too came from hostile user text.
HOSTILE_MARKERS = ("__import__", "system(", "subprocess", "__builtins__", "exec(", "eval(", "open(", "popen")


STAGES = ("parse", "explain", "diff", "check")


@dataclass
class Finding:
    """One thing that went wrong on one input."""

    kind: str  # "escape" | "internal" | "bad span" | "backstop" | "executed"
    stage: str
    detail: str


@dataclass
class Report:
    """What :func:`probe` saw for one input."""

    text: str
    seconds: dict[str, float] = field(default_factory=dict)  # wall-clock seconds per stage (statistics)
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds of this thread per stage (statistics)
    outcomes: dict[str, str] = field(default_factory=dict)  # "ok", "error:Class" or "error:ResourceLimit:budget"
    answers: dict[str, str] = field(default_factory=dict)  # answer signature per stage (see answer())
    shown: dict[str, str] = field(default_factory=dict)  # the start of what the user got, per stage
    findings: list[Finding] = field(default_factory=list)

    @property
    def slowest(self) -> tuple[str, float]:
        """The slowest stage and its time (a statistic)."""
        if not self.seconds:
            return "", 0.0
        stage = max(self.seconds, key=self.seconds.__getitem__)
        return stage, self.seconds[stage]


class _Watch:
    """A process-wide audit hook, recording only while armed."""

    def __init__(self) -> None:
        self.armed = False
        self.canary = ""
        self.text = ""
        self.events: list[str] = []
        sys.addaudithook(self._hook)

    def _hook(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.armed:
            return
        if event in SPAWN_EVENTS:
            self.events.append(f"{event}{args!r:.200}")
        elif event == "compile" and len(args) > 1 and not os.path.isfile(str(args[1])):
            src = args[0]
            text = src.decode("utf-8", "replace") if isinstance(src, bytes) else src if isinstance(src, str) else ""
            hit = [m for m in HOSTILE_MARKERS if m in text and m in self.text]
            hit += [self.canary] if self.canary and self.canary in text else []
            if hit:
                self.events.append(f"compile of code containing {hit}: {text[:200]!r}")
        elif event == "open" and args and self.canary and self.canary in str(args[0]):
            self.events.append(f"open{args!r:.200}")

    @contextlib.contextmanager
    def armed_for(self, canary: str, text: str) -> Iterator[list[str]]:
        self.canary, self.text, self.events, self.armed = canary, text, [], True
        try:
            yield self.events
        finally:
            self.armed = False


_WATCH: _Watch | None = None


def watch() -> _Watch:
    """The single audit-hook watcher of this process (installed on first use; hooks cannot be removed)."""
    global _WATCH
    if _WATCH is None:
        _WATCH = _Watch()
    return _WATCH


def _check_error(err: SymdlError, sources: tuple[str, ...]) -> str | None:
    """Why ``err`` is not a proper positioned error, or None."""
    span = err.span
    if not (0 <= span.start <= span.end <= len(err.source)):
        return f"span {span.start}..{span.end} outside a source of {len(err.source)} chars"
    if err.source and not any(s.startswith(err.source) for s in sources):
        return f"error source {err.source[:80]!r} is none of the user's texts (nor a prefix of one)"
    try:
        str(err)
        err.to_dict()
    except Exception as exc:  # the rendering itself must not fail
        return f"rendering the error raised {exc!r}"
    return None


def _short(filename: str) -> str:
    return os.path.relpath(filename, _ROOT) if filename.startswith(_ROOT) else os.path.basename(filename)


def _summary(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = " <- ".join(f"{_short(f.filename)}:{f.lineno} {f.name}" for f in reversed(frames[-6:]))
    return f"{type(exc).__name__}: {str(exc)[:300]} | at {where}"


_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(symdl.__file__)))


#: How each stage is called: (text, parsed formula or None, wrt, claim, lenient, config) -> result.
CALLS: dict[str, Callable[[str, Any, str, str, bool, Config], object]] = {
    "parse": lambda text, formula, wrt, claim, lenient, cfg: symdl.parse(text, lenient=lenient, config=cfg),
    "explain": lambda text, formula, wrt, claim, lenient, cfg: symdl.explain(
        formula if formula is not None else text, config=cfg),
    "diff": lambda text, formula, wrt, claim, lenient, cfg: symdl.diff(
        formula if formula is not None else text, wrt, config=cfg),
    "check": lambda text, formula, wrt, claim, lenient, cfg: symdl.check_gradient(text, wrt, claim, config=cfg),
}  # fmt: skip

#: Printed memory addresses (``<... object at 0x7f...>``) differ from process to process.
_ADDRESS = re.compile(r"\bat 0x[0-9a-fA-F]+")


def digest(printed: str) -> str:
    """A short stable digest of a printed form (memory addresses blanked out)."""
    return hashlib.sha1(_ADDRESS.sub("at 0x?", printed).encode("utf-8", "surrogatepass")).hexdigest()[:12]


def printed(result: object) -> str:
    """The deterministic printed form of a stage's result, as a user sees it.

    A formula, explanation or derivation prints only what was computed symbolically.  A verdict's
    full text shows its random points (seeded, but floats of a numeric run), so only its verdict,
    method, symbolic parts and notes count.
    """
    if isinstance(result, symdl.Formula):
        return f"{result}; warnings={list(getattr(result, 'warnings', ()))}"
    if type(result).__name__ == "Verdict":
        v: Any = result
        # !s: SymPy's format() of a Float past float64's exponent range raises decimal.InvalidOperation
        return f"{v.verdict} | {v.method} | truth={v.truth!s} | difference={v.difference!s} | notes={list(v.notes)}"
    return str(result)


def answer(result: object = None, error: BaseException | None = None) -> tuple[str, str]:
    """``(signature, shown)``: what the user got, as a short deterministic string, and its first characters.

    A result: ``"ok <Type> <digest of its printed form>"``.  An error: ``"error <Class>[:budget] <digest of
    its message>"`` (the budget named for a ``ResourceLimit``).  Equal signatures mean equal answers.
    """
    if error is None:
        text = printed(result)
        return f"ok {type(result).__name__} {digest(text)}", text[:160]
    message = error.message if isinstance(error, SymdlError) else str(error)
    name = type(error).__name__ + (f":{error.budget}" if isinstance(error, ResourceLimit) else "")
    return f"error {name} {digest(message)}", f"{name}: {message}"[:160]


def probe(
    text: str,
    *,
    wrt: str | None = None,
    claim: str = "0",
    lenient: bool = False,
    canary: str = "",
    stages: tuple[str, ...] = STAGES,
    config: Config = DEFAULT,
) -> Report:
    """Run ``text`` through the public API and collect every finding.

    Args:
        text: the fuzz input.
        wrt: variable for diff/check (default: the first spelling of the parsed formula, else ``x``).
        claim: the claimed gradient for ``check_gradient``.
        lenient: parse in lenient mode.
        canary: a file path that must not exist afterwards (hostile inputs mention it).
        stages: which of :data:`STAGES` to run.
        config: the options of every call (its ``budgets`` and its ``time_limit`` backstop).

    Returns:
        A :class:`Report`; ``report.findings`` is empty when symdl behaved.
    """
    report = Report(text)
    w = watch()
    formula: symdl.Formula | None = None
    with w.armed_for(canary, text + claim + (wrt or "")) as events:
        for stage in stages:
            if wrt is None and stage in ("diff", "check"):
                wrt = next(iter(formula.symbols), "x") if formula is not None else "x"
            call = partial(CALLS[stage], text, formula, wrt or "x", claim, lenient, config)
            start, cpu = time.perf_counter(), time.thread_time()
            try:
                result = call()
                outcome = "ok"
                report.answers[stage], report.shown[stage] = answer(result)
            except SymdlError as err:
                result, outcome = None, f"error:{type(err).__name__}"
                if isinstance(err, ResourceLimit):
                    outcome += f":{err.budget}"
                report.answers[stage], report.shown[stage] = answer(error=err)
                bad = _check_error(err, (text, claim, wrt or ""))
                if isinstance(err, InternalError):
                    report.findings.append(Finding("internal", stage, _summary(err.__cause__ or err)))
                if isinstance(err, ResourceLimit) and err.budget == BACKSTOP:
                    report.findings.append(Finding("backstop", stage, f"ResourceLimit: {err.message}"))
                if isinstance(err, ResourceLimit) and not err.budget:
                    report.findings.append(Finding("unnamed budget", stage, f"ResourceLimit: {err.message}"))
                if bad:
                    report.findings.append(Finding("bad span", stage, f"{type(err).__name__}: {err.message}; {bad}"))
            except KeyboardInterrupt:
                raise
            except BaseException as exc:  # anything else escaping symdl is the finding
                result, outcome = None, "escape"
                report.answers[stage], report.shown[stage] = f"escape {type(exc).__name__}", _summary(exc)[:160]
                report.findings.append(Finding("escape", stage, _summary(exc)))
            report.seconds[stage] = time.perf_counter() - start  # statistics, never a finding
            report.cpu[stage] = time.thread_time() - cpu
            report.outcomes[stage] = outcome
            if stage == "parse" and isinstance(result, symdl.Formula):
                formula = result
        executed = list(events)
    if canary and os.path.exists(canary):
        executed.append(f"canary file {canary} was created")
    report.findings += [Finding("executed", "any", e) for e in executed]
    return report
