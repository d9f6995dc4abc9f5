"""Writing a command's output file: ``-`` is standard output; a path that cannot be written is a clear error.

An output path is checked before the (possibly slow) work starts, and a failed write (a full disk,
a read-only file system) is reported with the path and the operating system's reason, exit 2.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from symdl.errors import InvalidInput

#: what to do about an output path that cannot be written
HINT = "choose a file in a folder that exists and is writable, or -o - for standard output"


def is_stdout(path: str | None) -> bool:
    """``-o -``: the output goes to standard output."""
    return path == "-"


def unwritable(path: str, exc: OSError) -> InvalidInput:
    """The error for an output ``path`` the operating system refused (``exc``)."""
    reason = exc.strerror or str(exc)
    return InvalidInput(f"cannot write the output {path!r}: {reason}", hint=HINT)


def check_output(path: str) -> Path:
    """``path`` as a Path, refused early if its folder is missing or it names a folder."""
    out = Path(path)
    folder = out.parent if str(out.parent) else Path(".")
    if out.is_dir():
        raise unwritable(path, IsADirectoryError(21, os.strerror(21)))
    if not folder.exists():
        raise unwritable(path, FileNotFoundError(2, f"the folder {str(folder)!r} does not exist"))
    if not folder.is_dir():
        raise unwritable(path, NotADirectoryError(20, f"{str(folder)!r} is not a folder"))
    return out


def write_text(path: str, text: str) -> None:
    """Write ``text`` to ``path`` (``-``: standard output), turning an OSError into :class:`InvalidInput`."""
    if is_stdout(path):
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    except OSError as exc:
        raise unwritable(path, exc) from None


def copy_bytes_to_stdout(path: Path) -> None:
    """Send a finished binary file (a PDF made in a temporary folder) to standard output."""
    sys.stdout.flush()
    sys.stdout.buffer.write(path.read_bytes())
    sys.stdout.buffer.flush()
