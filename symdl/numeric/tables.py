"""The lowering's rule tables: the kernel-call symbols (:data:`K`), SymPy function → kernel
(:data:`FUNCTION_KERNELS`), sum-like node → kernel (:data:`REDUCTIONS`) and the nodes with no numeric meaning
yet (:data:`UNSUPPORTED`)."""

from __future__ import annotations

import sympy

from symdl.activations import KERNEL_FUNCTIONS, KERNELS
from symdl.functions import (
    ArgMaxOver,
    ArgMinOver,
    MaxOver,
    MinOver,
    OptimumOver,
    softmax,
)
from symdl.numeric.stable import IndexMax
from symdl.numeric.stable_logs import LogAddExp, XLog1pY, XLogY
from symdl.numeric.stable_softmax import SoftmaxOver

K = {name: sympy.Function(name) for name in (
    "symdl_irange", "symdl_gather", "symdl_gather0", "symdl_isum", "symdl_iprod", "symdl_imax", "symdl_delta",
    *KERNEL_FUNCTIONS, "symdl_heaviside", "symdl_max", "symdl_min",  # the activations' kernels: from their records
    "symdl_softmax", "symdl_matmul", "symdl_T", "symdl_ones", "symdl_zeros", "symdl_eye", "symdl_inv",
    "symdl_matpow", "symdl_trace", "symdl_det", "symdl_melem", "symdl_stack", "symdl_softmax_rows",
    "symdl_spectral_norm",
    "symdl_imaxv", "symdl_iminv", "symdl_iargmax", "symdl_iargmin", "symdl_block", "symdl_diag", "symdl_window",
    "symdl_stride",
    "symdl_kron", "symdl_logaddexp", "symdl_xlogy", "symdl_xlog1py", "symdl_softmax_onto",
)}  # fmt: skip

FUNCTION_KERNELS: dict[type, str] = {
    **KERNELS,  # the activations' kernels, from their records (symdl.activations)
    softmax: "symdl_softmax",
    sympy.Heaviside: "symdl_heaviside",
    sympy.Max: "symdl_max",
    sympy.Min: "symdl_min",
    sympy.KroneckerDelta: "symdl_delta",
    LogAddExp: "symdl_logaddexp",  # the stable forms of symdl.numeric.stable_logs
    XLogY: "symdl_xlogy",
    XLog1pY: "symdl_xlog1py",
}
"""SymPy function class → the kernel that evaluates it."""

REDUCTIONS: dict[type, str] = {
    sympy.Sum: "symdl_isum", sympy.Product: "symdl_iprod", IndexMax: "symdl_imax", MaxOver: "symdl_imaxv",
    MinOver: "symdl_iminv", ArgMaxOver: "symdl_iargmax", ArgMinOver: "symdl_iargmin",
    SoftmaxOver: "symdl_softmax_onto",  # reduces over j, then lays the result along k's axis (lower._softmax)
}  # fmt: skip
"""Sum-like node → the kernel reducing over its index axis."""

UNSUPPORTED: dict[type, str] = {
    sympy.Derivative: "an unevaluated derivative (of an unknown function)",
    sympy.Integral: "an integral",
    sympy.Limit: "a limit",
    OptimumOver: "an optimum over a variable (symdl reads and explains the objective; it does not search for its "
                 "optimum)",
}
