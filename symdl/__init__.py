"""symdl: read deep-learning LaTeX, chunk it into concepts, differentiate, verify, render."""

from __future__ import annotations

from symdl.config import Config
from symdl.errors import InvalidInput, NotSupported, ResourceLimit, SymdlError
from symdl.formula import Formula, Statement

__version__ = "0.1.0"

__all__ = [
    "Config",
    "Formula",
    "InvalidInput",
    "NotSupported",
    "ResourceLimit",
    "Statement",
    "SymdlError",
    "__version__",
]
