"""The work behind every request: the pipeline and the render stage, answering with the CLI's JSON documents.

Each job takes the request's fields, runs the stages as the command line does (:mod:`symdl.cli`) and
returns an :class:`Answer`: the HTTP status and the JSON text that ``symdl COMMAND --format json`` prints
for the same input, built by the same functions of :mod:`symdl.render.jsonout`, so the two cannot drift.

Every job runs in a fresh :class:`contextvars.Context` under its own account of counted budgets
(:func:`symdl.budget.metered`, as ``symdl.cli.main`` opens one per command): a request never shares an
account with another one, nor with the ``symdl serve`` command that started the server.  The stages are
called through :mod:`symdl.pipeline` with the same guard as the public API (one :class:`SymdlError`
leaves, a bug becomes an :class:`~symdl.errors.InternalError`), never through ``symdl.*`` itself.
"""

from __future__ import annotations

import contextvars
import json
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from symdl import pipeline
from symdl.budget import metered, out_of_memory
from symdl.config import Config
from symdl.errors import InternalError, InvalidInput, SymdlError
from symdl.guard import guarded
from symdl.render import jsonout

T = TypeVar("T")

#: the pipeline's functions behind the public API's guard (the same stage names as ``symdl/__init__``)
_parse = guarded("read")(pipeline.parse)
_explain = guarded("chunk")(pipeline.explain)
_check_gradient = guarded("check")(pipeline.check_gradient)

#: the CLI's exit code of a failure → its HTTP status: bad input 400, refused (not supported, over a budget)
#: 422, a bug in symdl 500
STATUS = {"invalid input": 400, "not supported yet": 422, "limit exceeded": 422, "internal error": 500}


@dataclass(frozen=True)
class Answer:
    """One request's answer: the HTTP status, the JSON document (as the CLI prints it) and its data."""

    status: int
    text: str
    doc: dict[str, Any]

    @property
    def ok(self) -> bool:
        return self.status == 200


def _answer(command: str, payload: Mapping[str, Any]) -> Answer:
    text = jsonout.dump(command, payload)
    return Answer(200, text, json.loads(text))


def failure(command: str, exc: BaseException) -> Answer:
    """The CLI's JSON error document for ``exc`` (exit code as ``symdl.cli`` reports it), with its HTTP status."""
    if isinstance(exc, MemoryError):
        exc = out_of_memory()
    if isinstance(exc, SymdlError):
        code = 4 if isinstance(exc, InternalError) else 2
        status = STATUS.get(exc.kind, 500 if code == 4 else 400)
    else:  # a bug outside the guarded stages: one line, no traceback
        exc = InternalError(f"symdl failed on this input ({type(exc).__name__}: {exc})"[:400],
                            hint="this is a bug in symdl; please report the request")  # fmt: skip
        code, status = 4, 500
    exc.message = " ".join(exc.message.split()) if status == 500 else exc.message
    text = jsonout.dump(command, jsonout.error(exc, code))
    return Answer(status, text, json.loads(text))


def run(job: Callable[[Config], T], config: Config) -> T:
    """Run ``job`` in a fresh context under one new account of budgets (its failures are raised)."""

    def metered_job() -> T:
        with metered(config.budgets, config.time_limit):
            return job(config)

    return contextvars.Context().run(metered_job)


def answer(command: str, job: Callable[[Config], Answer], config: Config) -> Answer:
    """:func:`run` ``job``; any failure becomes the CLI's error document for ``command``."""
    try:
        return run(job, config)
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # every failure becomes a document, never a traceback
        return failure(command, exc)


# ---------------------------------------------------------------- the request's fields
def field(body: Mapping[str, Any], name: str, *, required: bool = True) -> str:
    """The text field ``name`` of a request's body (refused when missing or not text)."""
    value = body.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        got = "missing" if value is None else f"a {type(value).__name__}"
        raise InvalidInput(f"the request's field {name!r} must be text; it is {got}",
                           hint=f'send a JSON object such as {{"{name}": "..."}}')  # fmt: skip
    return value


def only_fields(body: object, allowed: tuple[str, ...]) -> Mapping[str, Any]:
    """``body`` as a JSON object with no field but ``allowed`` (a misspelt field is an error, not ignored)."""
    if not isinstance(body, Mapping):
        raise InvalidInput("the request's body must be a JSON object", hint=f"send the fields {', '.join(allowed)}")
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise InvalidInput(f"unknown field{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}",
                           hint=f"the fields are {', '.join(allowed)}")  # fmt: skip
    return body


def shapes_text(text: str) -> dict[str, tuple[int, ...]]:
    """The web form's shapes, ``W=3x4, x=4`` (the CLI's ``--shape`` items, separated by commas or spaces)."""
    out: dict[str, tuple[int, ...]] = {}
    for item in text.replace(",", " ").split():
        name, eq, dims = item.partition("=")
        try:
            out[name] = tuple(int(d) for d in dims.lower().split("x"))
        except ValueError:
            out[name] = ()
        if not eq or not name or not out[name] or min(out[name]) < 1:
            raise InvalidInput(f"cannot read the shape {item!r}", hint="write shapes as W=3x4, x=4")
    return out


# ---------------------------------------------------------------- the jobs
def explain(latex: str) -> Callable[[Config], Answer]:
    """``symdl explain LATEX --format json``."""

    def job(config: Config) -> Answer:
        from symdl.render import explanation

        text = explanation.to_json(_explain(_parse(latex, config=config), config=config))
        return Answer(200, text, json.loads(text))

    return job


def parse(latex: str) -> Callable[[Config], Answer]:
    """``symdl parse LATEX --format json``."""
    return lambda config: _answer("parse", jsonout.reading(_parse(latex, config=config)))


def check(formula: str, wrt: str, claim: str, shapes: object) -> Callable[[Config], Answer]:
    """``symdl check FORMULA --wrt WRT --claim CLAIM [--shape ...] --format json``."""

    def job(config: Config) -> Answer:
        config = config.with_shapes(shapes or None)
        f = _parse(formula, config=config)
        g = _parse(claim, config=config)
        v = _check_gradient(f, wrt, g, shapes=dict(config.shapes) or None, order=1, config=config)
        return _answer("check", {"mode": "claim", **jsonout.verdict(v, wrt=wrt, order=1, formula=f, claim=g)})

    return job


def library() -> Callable[[Config], Answer]:
    """``symdl list --format json``."""

    def job(config: Config) -> Answer:
        from symdl.derive.library import catalogue, library_dir

        return _answer("list", jsonout.library(catalogue(), str(library_dir())))

    return job


def library_name(name: str) -> str:
    """``name`` if it names a derivation of the library; refused otherwise (a request never reads a path)."""
    from symdl.derive.library import names

    known = names()
    if name not in known:
        raise InvalidInput(f"there is no derivation named {name!r} in the library", source=name,
                           hint="one of: " + ", ".join(known))  # fmt: skip
    return name


def derivation(name: str, config: Config) -> Any:
    """The verified :class:`symdl.derive.Report` of the library derivation ``name`` (no progress lines)."""
    from symdl.derive import check_file

    return check_file(library_name(name), config=config, progress=None)


def derive(name: str) -> Callable[[Config], Answer]:
    """``symdl derive NAME --format json``."""
    return lambda config: _answer("derive", jsonout.derivation(derivation(name, config)))


def markdown(name: str, config: Config) -> str:
    """``symdl derive NAME`` (Markdown on standard output: no plot files)."""
    from symdl.render import document

    return document.to_markdown(derivation(name, config), {})


def pdf(name: str, config: Config) -> bytes:
    """``symdl derive NAME --format pdf``: the PDF's bytes (TeX when installed, else the embedded renderer)."""
    from symdl.render.document_pdf import to_pdf

    report = derivation(name, config)
    with tempfile.TemporaryDirectory(prefix="symdl-serve-") as tmp:
        target = Path(tmp) / f"{name}.pdf"
        to_pdf(report, target, engine="auto")
        return target.read_bytes()
