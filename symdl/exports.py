"""The result types ``symdl`` exports by name (``symdl.Explanation``, ``symdl.Verdict`` ...), each imported only
when first asked for, so ``import symdl`` loads none of the later stages (issue 16.5; the cold start, issue 15).

:func:`result_type` is ``symdl``'s module ``__getattr__`` (PEP 562).
"""

from __future__ import annotations

import importlib
import sys

#: result type → the module of the stage that makes it (and prints it: ``_repr_html_`` in a notebook, ``str`` in a
#: terminal)
RESULT_TYPES = {
    "Explanation": "symdl.chunk.tree",
    "Chunk": "symdl.chunk.tree",
    "Comparison": "symdl.chunk.compare",
    "Derivation": "symdl.differentiate.core",
    "NumpyFunction": "symdl.numeric.lambdify",
    "Verdict": "symdl.numeric.check",
    "DerivationReport": "symdl.numeric.stepcheck",
    "DirectionalCheck": "symdl.numeric.directional",
    "Gradient": "symdl.numeric.gradient",
}


def result_type(name: str) -> object:
    """``symdl.<name>`` for a name of :data:`RESULT_TYPES`, imported on first use (and kept on the package)."""
    if name not in RESULT_TYPES:
        raise AttributeError(f"module 'symdl' has no attribute {name!r}")
    value = getattr(importlib.import_module(RESULT_TYPES[name]), name)
    setattr(sys.modules["symdl"], name, value)
    return value
