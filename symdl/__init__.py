"""symdl: read deep-learning LaTeX, chunk it into concepts, differentiate, verify, render.

The public API: the functions of :mod:`symdl.pipeline`, each wrapped by :func:`symdl.guard.guarded`.
"""

from __future__ import annotations

from symdl import pipeline, sympy_fixes  # noqa: F401  (sympy_fixes: applied on import)
from symdl.budget import Budgets
from symdl.config import Config
from symdl.errors import InternalError, InvalidInput, NotSupported, ResourceLimit, SymdlError
from symdl.exports import RESULT_TYPES
from symdl.exports import result_type as __getattr__  # noqa: F401  (symdl.Explanation ...: imported on first use)
from symdl.formula import Formula, Statement
from symdl.guard import guarded
from symdl.jupyter import load_ipython_extension  # %load_ext symdl (IPython is imported only when it calls it)

__version__ = "0.1.0"


# The public API: each pipeline function behind one guard (one account of limits per user call).
parse = guarded("read")(pipeline.parse)
lambdify = guarded("numeric")(pipeline.lambdify)
explain = guarded("chunk")(pipeline.explain)
compare = guarded("chunk")(pipeline.compare)
concepts = guarded("chunk")(pipeline.concepts)
diff = guarded("differentiate")(pipeline.diff)
grad = guarded("differentiate")(pipeline.grad)
check_gradient = guarded("check")(pipeline.check_gradient)
check_derivation = guarded("check")(pipeline.check_derivation)
check_grads = guarded("check")(pipeline.check_grads)


__all__ = [
    *RESULT_TYPES,
    "Budgets",
    "Config",
    "Formula",
    "InternalError",
    "InvalidInput",
    "NotSupported",
    "ResourceLimit",
    "Statement",
    "SymdlError",
    "__version__",
    "check_derivation",
    "check_gradient",
    "check_grads",
    "compare",
    "concepts",
    "diff",
    "explain",
    "grad",
    "guarded",
    "lambdify",
    "load_ipython_extension",
    "parse",
]
