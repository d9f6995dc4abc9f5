"""Numpy kernels the generated functions call: one namespace, real and complex-safe.

Generated code never sees a user's text: :mod:`symdl.numeric.lower` turns a SymPy tree
into calls of the ``symdl_*`` names below, SymPy's numpy printer prints it, and
:data:`NAMESPACE` resolves the names.  Conventions the kernels rely on:

* **batch axes lead**: every input may carry leading batch axes; the kernels only
  touch the trailing *core* axes (index axes of a sum, or the two axes of a matrix).
* **index arrays**: an index ``j`` ranging over ``lo..hi`` is an integer array with
  ``hi-lo+1`` entries along its own core axis and length 1 along the others.
* every kernel accepts complex arrays (complex-step differentiation); the
  stabilising shifts (max of a sum's terms) use real parts, which keeps identities
  such as ``logsumexp(a) = m + log sum exp(a - m)`` exact for any constant ``m``.

The kernels are defined in :mod:`symdl.numeric.kernels_index` (index ranges, gathers, reductions over an
index), :mod:`symdl.numeric.kernels_elementwise`, :mod:`symdl.numeric.kernels_matrix`, ``kernels_kron``,
``kernels_softmax`` and ``stable_logs``; this module gathers them into :data:`NAMESPACE`.
"""

from __future__ import annotations

from types import ModuleType

from symdl.activations import KERNEL_FUNCTIONS
from symdl.numeric import kernels_elementwise, kernels_index, kernels_kron, kernels_matrix, kernels_softmax, stable_logs
from symdl.numeric.kernels_elementwise import symdl_erf, symdl_erfc, symdl_factorial, symdl_gamma


def _kernels(*modules: ModuleType) -> dict[str, object]:
    """The ``symdl_*`` kernels ``modules`` define (not those they import), by name."""
    return {name: obj for m in modules for name, obj in vars(m).items()
            if name.startswith("symdl_") and callable(obj) and getattr(obj, "__module__", None) == m.__name__}


NAMESPACE: dict[str, object] = _kernels(
    kernels_index, kernels_elementwise, kernels_matrix, kernels_kron, kernels_softmax, stable_logs
)
NAMESPACE.update(KERNEL_FUNCTIONS)  # the activations' kernels (symdl_sigmoid, ...), from their records
NAMESPACE.update({"erf": symdl_erf, "erfc": symdl_erfc, "gamma": symdl_gamma, "factorial": symdl_factorial})
"""Name → kernel, handed to :func:`sympy.lambdify` as its first module."""
