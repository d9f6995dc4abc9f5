"""Where the derivations library lives: ``symdl/derivations`` in a wheel, ``derivations/`` in a checkout."""

from __future__ import annotations

import difflib
from importlib import resources
from pathlib import Path

from symdl.derive.format import load
from symdl.derive.model import DerivationError, DerivationFile
from symdl.errors import Span

SUFFIX = ".txt"


def library_dir() -> Path:
    """The folder holding the library's ``*.txt`` files.

    An installed wheel has them as package data ``symdl/derivations`` (hatch force-include);
    a source checkout has them in the repository's ``derivations/`` next to the package.
    """
    try:
        packaged = Path(str(resources.files("symdl") / "derivations"))
        if packaged.is_dir() and any(packaged.glob(f"*{SUFFIX}")):
            return packaged
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - symdl is always importable here
        pass
    return Path(__file__).resolve().parents[2] / "derivations"


def names() -> list[str]:
    """The library's derivation names, sorted."""
    folder = library_dir()
    return sorted(p.stem for p in folder.glob(f"*{SUFFIX}")) if folder.is_dir() else []


def resolve(name_or_path: str) -> Path:
    """A library name (``adam``) or a file path → the file.

    Raises:
        DerivationError: neither a file nor a library name (with the closest names as a hint).
    """
    p = Path(name_or_path)
    if p.suffix and p.is_file():
        return p
    candidate = library_dir() / f"{name_or_path}{SUFFIX}"
    if candidate.is_file():
        return candidate
    if p.is_file():
        return p
    close = difflib.get_close_matches(name_or_path, names(), n=3)
    hint = f"did you mean {', '.join(close)}?" if close else "run 'symdl list' to see the library"
    raise DerivationError(f"no derivation or file called '{name_or_path}'", path=name_or_path,
                          source=name_or_path, span=Span(0, len(name_or_path)), hint=hint)  # fmt: skip


def load_named(name_or_path: str) -> DerivationFile:
    """Load a library derivation by name, or any derivation file by path."""
    return load(resolve(name_or_path))


def catalogue() -> list[tuple[str, str, tuple[str, ...]]]:
    """``(name, title, tags)`` for every library derivation."""
    out = []
    for n in names():
        d = load(library_dir() / f"{n}{SUFFIX}")
        out.append((n, d.title, d.tags))
    return out
