"""The Starlette application of ``symdl serve``: the page, its downloads and the JSON API.

* Every computation runs in a worker thread (at most :data:`WORKERS` at once), in a fresh context under
  its own account of counted budgets (:func:`symdl.serve.jobs.run`); the event loop only moves bytes.
* A request body over :data:`MAX_BODY` bytes is refused with 413 before it is read in full.
* Every response carries a Content-Security-Policy that allows this server's own script and style files
  and nothing else: no inline script, no remote origin.
* Served on 127.0.0.1, the server answers only requests addressed to a local host name (a web page
  elsewhere cannot reach it by renaming its own host to 127.0.0.1).

What the worker threads share, and why two requests at once answer as they would one at a time
(``tests/test_serve_api.py`` runs eight at once and compares): the account of budgets is a context
variable, each job's own; the step counter of :func:`symdl.budget.counted` is ``sys.settrace``, per thread;
numeric checks draw from their own seeded generators; SymPy's cache and symdl's memo dictionaries only
ever map an expression to the same value; drawing (matplotlib) holds ``MATPLOTLIB_LOCK``; the printers'
first-miss installers run under a lock.  One thing is shared: SymPy's random generator, one per process,
reseeded at the start of every job (:func:`symdl.sympy_fixes.reseed`).  A job starting in another thread
can reseed it while a job runs, which changes the order in which SymPy tries things (its assumption
checks, its random zero tests) but not the value it finds; the printed form of a result could in
principle differ, as it may in any long-running process, and the concurrency test finds the same text.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from symdl.config import Config
from symdl.errors import InvalidInput, ResourceLimit
from symdl.serve import jobs, views

#: the largest request body read (bytes); larger ones are answered 413
MAX_BODY = 64 * 1024
#: computations running at once (the others wait for a worker)
WORKERS = 2
#: the security headers of every response
HEADERS = {
    "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}
#: host names a loopback server answers to
LOCAL_HOSTS = ("127.0.0.1", "localhost")

T = TypeVar("T")


class SecurityHeaders:
    """ASGI middleware adding :data:`HEADERS` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in HEADERS.items() if k.encode() not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


class Server:
    """The routes, bound to the budgets every request runs under."""

    def __init__(self, config: Config) -> None:
        self.config = Config(budgets=config.budgets, time_limit=config.time_limit)
        self.workers = threading.BoundedSemaphore(WORKERS)

    async def work(self, fn: Callable[[], T]) -> T:
        """``fn()`` in a worker thread, once a worker is free."""

        def gated() -> T:
            with self.workers:
                return fn()

        return await run_in_threadpool(gated)

    async def answer(self, command: str, job: Callable[[Config], jobs.Answer]) -> jobs.Answer:
        return await self.work(lambda: jobs.answer(command, job, self.config))

    # ------------------------------------------------------------ the JSON API
    async def body(self, request: Request, command: str, allowed: tuple[str, ...]) -> dict[str, Any] | Response:
        """The request's JSON object, or the error response (413 when too large, 400 when not a JSON object)."""
        declared = request.headers.get("content-length", "0")
        size, chunks = 0, []
        if not declared.isdigit() or int(declared) > MAX_BODY:
            return _json(_too_large(command))
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_BODY:
                return _json(_too_large(command))
            chunks.append(chunk)
        try:
            return dict(jobs.only_fields(json.loads(b"".join(chunks) or b"null"), allowed))
        except ValueError:
            bad = InvalidInput("the request's body is not JSON", hint='send a JSON object, e.g. {"latex": "x^2"}')
            return _json(jobs.failure(command, bad))
        except InvalidInput as exc:
            return _json(jobs.failure(command, exc))

    async def api_latex(self, request: Request) -> Response:
        """``POST /api/explain`` and ``POST /api/parse``: ``{"latex": "..."}``."""
        command = request.path_params["command"]
        if command not in ("explain", "parse"):
            return Response("Not Found", status_code=404, media_type="text/plain")
        body = await self.body(request, command, ("latex",))
        if isinstance(body, Response):
            return body
        job = jobs.explain if command == "explain" else jobs.parse
        return _json(await self.answer(command, lambda c: job(jobs.field(body, "latex"))(c)))

    async def api_check(self, request: Request) -> Response:
        """``POST /api/check``: ``{"formula", "wrt", "claim", "shapes"}`` (shapes optional: ``{"W": [3, 4]}``)."""
        body = await self.body(request, "check", ("formula", "wrt", "claim", "shapes"))
        if isinstance(body, Response):
            return body
        return _json(
            await self.answer(
                "check",
                lambda c: jobs.check(
                    jobs.field(body, "formula"), jobs.field(body, "wrt"), jobs.field(body, "claim"), body.get("shapes")
                )(c),
            )
        )

    async def api_derive(self, request: Request) -> Response:
        """``POST /api/derive``: ``{"name": "adam"}`` (a library name; never a path)."""
        body = await self.body(request, "derive", ("name",))
        if isinstance(body, Response):
            return body
        return _json(await self.answer("derive", lambda c: jobs.derive(jobs.field(body, "name"))(c)))

    async def api_list(self, request: Request) -> Response:
        """``GET /api/derivations``: ``symdl list --format json``."""
        return _json(await self.answer("list", jobs.library()))

    # ------------------------------------------------------------ the page
    async def explain_page(self, request: Request) -> Response:
        latex = request.query_params.get("latex", "")
        return await self.work(lambda: views.explain_page(latex, self.config))

    async def check_page(self, request: Request) -> Response:
        q = request.query_params
        fields = [q.get(k, "") for k in ("formula", "wrt", "claim", "shapes")]
        return await self.work(lambda: views.check_page(*fields, self.config))

    async def library_page(self, request: Request) -> Response:
        return await self.work(lambda: views.library_page(self.config))

    async def derivation_file(self, request: Request) -> Response:
        """``/derivations/NAME`` (its page), ``NAME.md``, ``NAME.pdf`` and ``NAME.json``."""
        file = request.path_params["file"]
        return await self.work(lambda: views.derivation_file(file, self.config))

    async def api_page(self, request: Request) -> Response:
        return HTMLResponse(views.api_page())


def _too_large(command: str) -> jobs.Answer:
    exc = ResourceLimit(f"the request's body is larger than {MAX_BODY // 1024} KiB",
                        hint="send a shorter formula; symdl's input budget is 20 000 characters")  # fmt: skip
    refused = jobs.failure(command, exc)
    return jobs.Answer(413, refused.text, refused.doc)


def _json(answer: jobs.Answer) -> Response:
    return Response(answer.text + "\n", status_code=answer.status, media_type="application/json")


def create_app(config: Config | None = None, *, host: str = "127.0.0.1") -> Starlette:
    """The application; ``config`` gives the budgets of every request, ``host`` the address it is served on."""
    server = Server(config or Config())
    static = Path(__file__).with_name("static")
    routes = [
        Route("/", server.explain_page),
        Route("/check", server.check_page),
        Route("/derivations", server.library_page),
        Route("/derivations/{file}", server.derivation_file),
        Route("/api", server.api_page),
        Route("/api/derivations", server.api_list),
        Route("/api/check", server.api_check, methods=["POST"]),
        Route("/api/derive", server.api_derive, methods=["POST"]),
        Route("/api/{command:str}", server.api_latex, methods=["POST"]),
        Mount("/static", StaticFiles(directory=static), name="static"),
    ]
    middleware = [Middleware(SecurityHeaders)]
    if host in LOCAL_HOSTS:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=list(LOCAL_HOSTS)))
    return Starlette(routes=routes, middleware=middleware)
