"""``symdl serve``: a local web page and a JSON API, a front end like the command line.

It calls :mod:`symdl.pipeline` and the render stage (never the guarded ``symdl.*`` functions) and answers
with exactly the CLI's JSON documents (:mod:`symdl.render.jsonout`).  Needs the ``web`` extra
(``pip install 'symdl[web]'``: Starlette, uvicorn, latex2mathml).

* :mod:`~symdl.serve.app` — the routes, the body-size limit, the security headers, the worker threads;
* :mod:`~symdl.serve.jobs` — the work of each request, under its own account of budgets;
* :mod:`~symdl.serve.views` and :mod:`~symdl.serve.page` — the page, made from the API's documents;
* :mod:`~symdl.serve.html` and :mod:`~symdl.serve.mathml` — escaped HTML and sanitized MathML
  (:mod:`symdl.render.mathml`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from symdl.config import Config


def create_app(config: Config | None = None, *, host: str = "127.0.0.1") -> Starlette:
    """The ASGI application (see :func:`symdl.serve.app.create_app`)."""
    from symdl.serve.app import create_app as create

    return create(config, host=host)


__all__ = ["create_app"]
