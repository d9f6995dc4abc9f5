"""Keep the README's performance section generated from the benchmark results.

Only the text strictly between the ``<!-- bench:start -->`` and ``<!-- bench:end -->``
markers is ever rewritten; without both markers (in that order) the file is left alone.
"""

from __future__ import annotations

from pathlib import Path

START = "<!-- bench:start -->"
END = "<!-- bench:end -->"


def replace_block(text: str, block: str) -> str | None:
    """``text`` with the part between the markers replaced by ``block``, or None without markers."""
    start = text.find(START)
    if start < 0:
        return None
    body_start = start + len(START)
    end = text.find(END, body_start)
    if end < 0:
        return None
    return text[:body_start] + "\n" + block.strip("\n") + "\n" + text[end:]


def update_readme(path: Path, block: str) -> bool:
    """Rewrite the generated block of ``path``; True when the file changed.

    Does nothing (returns False) when the file or either marker is missing.
    """
    if not path.is_file():
        return False
    text = path.read_text(encoding="utf-8")
    new = replace_block(text, block)
    if new is None or new == text:
        return False
    path.write_text(new, encoding="utf-8")
    return True
