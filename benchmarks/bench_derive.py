"""PDF render time per derivation of the library (``symdl derive NAME --format pdf``).

Skipped cleanly (with the reason) when :mod:`symdl.derive` or the PDF renderer is not there.
For each derivation it measures, in one run, the verification (``check_file``) and the PDF
rendering (``to_pdf``, the embedded matplotlib renderer unless ``engine`` says otherwise);
the ratio is render / verification of the same derivation.

Run: ``python -m benchmarks.bench_derive``.
"""

from __future__ import annotations

import importlib.util
import tempfile
import time
from pathlib import Path
from typing import Any


def available() -> str | None:
    """None when the derive stage and its PDF renderer import, else why not."""
    for module in ("symdl.derive", "symdl.render.document_pdf"):
        try:
            if importlib.util.find_spec(module) is None:
                return f"{module} is not there"
        except ImportError as exc:
            return f"{module}: {exc}"
    return None


def run(quick: bool = False, engine: str = "embedded") -> dict[str, Any]:
    """Verification and PDF render seconds per derivation (the first 3 in ``quick`` mode)."""
    reason = available()
    if reason is not None:
        return {"skipped": reason}
    try:
        from symdl.derive import check_file
        from symdl.derive.library import catalogue
        from symdl.render.document_pdf import to_pdf
    except Exception as exc:  # the stage is being built: report, do not crash the runner
        return {"skipped": f"symdl.derive does not import: {type(exc).__name__}: {exc}"}
    names = [row[0] for row in catalogue()]
    if quick:
        names = names[:3]
    out: dict[str, Any] = {"engine": engine, "derivations": {}}
    with tempfile.TemporaryDirectory(prefix="symdl-bench-pdf-") as tmp:
        for name in names:
            try:
                start = time.perf_counter()
                report = check_file(name)
                verify = time.perf_counter() - start
                target = Path(tmp) / f"{name}.pdf"
                start = time.perf_counter()
                result = to_pdf(report, target, engine=engine)
                render = time.perf_counter() - start
                out["derivations"][name] = {
                    "verify_s": verify,
                    "pdf_s": render,
                    "ratio_pdf_over_verify": render / verify if verify > 0 else None,
                    "pdf_bytes": target.stat().st_size if target.exists() else 0,
                    "renderer": str(result[1]) if isinstance(result, tuple) and len(result) > 1 else str(result),
                    "verdict": str(getattr(report, "verdict", "")),
                }
            except Exception as exc:
                out["derivations"][name] = {"error": f"{type(exc).__name__}: {str(exc)[:200]}"}
    return out


if __name__ == "__main__":
    for key, value in run().items():
        print(key, value)
