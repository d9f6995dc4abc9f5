"""Counted computations in many threads at once (session 27): each thread installs its own step counter with
``sys.settrace``, and CPython guards that install with one flag for the whole process (cpython#98257), so two threads
installing at once can raise "Cannot install a trace function while another trace function is being installed" — the
local server's concurrent check once answered an internal error so (tests/test_serve_api.py's concurrent requests, in
one CI run of 951edcb).  symdl installs one at a time (``symdl.budget._SETTRACE``).  The race is rare: these tests do
not reproduce it on demand; they hold the invariant it broke — counted computations and explains run in 8 threads
answer exactly as one thread does."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import symdl
from symdl.budget import counted


def _work(k: int) -> tuple[object, bool]:
    return counted(lambda: sum(i * i for i in range(200 + k)), steps=10**6)


def test_counted_computations_in_threads_answer_as_serially() -> None:
    serial = [_work(k) for k in range(40)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(8):
            assert list(pool.map(_work, range(40))) == serial


def test_concurrent_explains_answer_as_one_at_a_time() -> None:
    latex = [r"y = \sigma(Wx + b)", r"L = -\sum_i y_i \log \hat{y}_i", r"v = \beta v + (1 - \beta) g"]
    serial = [str(symdl.explain(x).concepts) for x in latex]
    with ThreadPoolExecutor(max_workers=6) as pool:
        together = list(pool.map(lambda x: str(symdl.explain(x).concepts), latex * 4))
    assert together == serial * 4
