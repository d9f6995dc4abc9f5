"""The fuzz oracle: run one input through parse, explain, diff and check, and judge the result.

A call may return a result or raise a :class:`~symdl.errors.SymdlError` whose span lies
inside the text it refers to.  Anything else is a finding:

* ``escape`` — any other exception (``RecursionError``, ``TypeError`` ...) left symdl;
* ``internal`` — symdl's own safety net caught such an exception and raised ``InternalError``
  (the user gets a clean error, but it is a bug all the same);
* ``bad span`` — a ``SymdlError`` whose span is outside its source, or whose source is
  none of the texts the user gave, or whose message cannot be rendered;
* ``slow`` — one call took longer than :data:`BOUND_SECONDS` (measured with ``perf_counter``);
* ``executed`` — while symdl ran, a process was spawned, the canary file was touched, or
  code mentioning the hostile text was compiled (watched with a :func:`sys.addaudithook`
  hook, armed only inside :func:`probe`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import symdl
from symdl.errors import InternalError, SymdlError

#: Hard bound per call, from issue 6 ("nothing takes longer than 2 s").
BOUND_SECONDS = 2.0
#: Measurement slack on top of the bound: symdl's own deadlines are exactly 2 s, and process scheduling
#: on a loaded 2-core machine adds a few milliseconds to any of them.
SLACK_SECONDS = 0.25

#: Audit events that mean something was run outside Python.
SPAWN_EVENTS = frozenset(
    {"os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty", "subprocess.Popen",
     "pty.spawn", "os.startfile", "ctypes.dlopen", "socket.connect", "webbrowser.open"}
)  # fmt: skip

#: Code compiled from a string (not a module file) that contains one of these *and* the user's text
#: contains it too came from hostile user text.
HOSTILE_MARKERS = ("__import__", "system(", "subprocess", "__builtins__", "exec(", "eval(", "open(", "popen")


class Aborted(BaseException):
    """Raised by the probe's own alarm when one call exceeds ``abort_after`` (a hang, reported as slow)."""


STAGES = ("parse", "explain", "diff", "check")


@dataclass
class Finding:
    """One thing that went wrong on one input."""

    kind: str  # "escape" | "internal" | "bad span" | "slow" | "executed"
    stage: str
    detail: str
    seconds: float = 0.0


@dataclass
class Report:
    """What :func:`probe` saw for one input."""

    text: str
    seconds: dict[str, float] = field(default_factory=dict)
    outcomes: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    @property
    def slowest(self) -> tuple[str, float]:
        """The slowest stage and its time."""
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


#: How each stage is called: (text, parsed formula or None, wrt, claim, lenient) -> result.
CALLS: dict[str, Callable[[str, Any, str, str, bool], object]] = {
    "parse": lambda text, formula, wrt, claim, lenient: symdl.parse(text, lenient=lenient),
    "explain": lambda text, formula, wrt, claim, lenient: symdl.explain(formula if formula is not None else text),
    "diff": lambda text, formula, wrt, claim, lenient: symdl.diff(formula if formula is not None else text, wrt),
    "check": lambda text, formula, wrt, claim, lenient: symdl.check_gradient(text, wrt, claim),
}


@contextlib.contextmanager
def alarm(seconds: float | None) -> Iterator[None]:
    """Raise :class:`Aborted` in the block after ``seconds`` (no-op when None/0 or off the main thread)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def _on_alarm(signum: int, frame: object) -> None:
        raise Aborted

    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def probe(
    text: str,
    *,
    wrt: str | None = None,
    claim: str = "0",
    lenient: bool = False,
    canary: str = "",
    stages: tuple[str, ...] = STAGES,
    abort_after: float | None = None,
) -> Report:
    """Run ``text`` through the public API and collect every finding.

    Args:
        text: the fuzz input.
        wrt: variable for diff/check (default: the first spelling of the parsed formula, else ``x``).
        claim: the claimed gradient for ``check_gradient``.
        lenient: parse in lenient mode.
        canary: a file path that must not exist afterwards (hostile inputs mention it).
        stages: which of :data:`STAGES` to run.
        abort_after: interrupt a call after this many seconds with ``SIGALRM`` (main thread only;
            symdl's own nested bounds honour an outer timer), reported as ``slow``.

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
            call = partial(CALLS[stage], text, formula, wrt or "x", claim, lenient)
            start = time.perf_counter()
            try:
                with alarm(abort_after):
                    result = call()
                outcome = "ok"
            except SymdlError as err:
                result, outcome = None, f"error:{type(err).__name__}"
                bad = _check_error(err, (text, claim, wrt or ""))
                if isinstance(err, InternalError):
                    report.findings.append(Finding("internal", stage, _summary(err.__cause__ or err)))
                if bad:
                    report.findings.append(Finding("bad span", stage, f"{type(err).__name__}: {err.message}; {bad}"))
            except KeyboardInterrupt:
                raise
            except Aborted:
                result, outcome = None, "aborted"
            except BaseException as exc:  # anything else escaping symdl is the finding (SIGALRM deadlines too)
                result, outcome = None, "escape"
                report.findings.append(Finding("escape", stage, _summary(exc)))
            elapsed = time.perf_counter() - start
            report.seconds[stage] = elapsed
            report.outcomes[stage] = outcome
            if elapsed > BOUND_SECONDS + SLACK_SECONDS:
                note = " (aborted)" if outcome == "aborted" else ""
                report.findings.append(Finding("slow", stage, f"{elapsed:.2f} s > {BOUND_SECONDS} s{note}", elapsed))
            if stage == "parse" and isinstance(result, symdl.Formula):
                formula = result
        executed = list(events)
    if canary and os.path.exists(canary):
        executed.append(f"canary file {canary} was created")
    report.findings += [Finding("executed", "any", e) for e in executed]
    return report
