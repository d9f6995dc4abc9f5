"""Code's random draws (read by :func:`symdl.read.codelibrary.library_call`).

A standard normal sample drawn in code, ``torch.randn_like(mu)``, ``torch.randn(n)``, ``np.random.randn(n)``,
``np.random.standard_normal(n)``, ``np.random.normal(size=n)``, is a name of its own, ``eps``: an input of the
formula, as ε is in TeX's ``z = \\mu + \\sigma \\odot \\epsilon, \\epsilon \\sim \\mathcal{N}(0, I)`` (the VAE's
reparameterisation in PyTorch, ``z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)``); its shape is the one
its use gives it, the shape arguments are dropped; ``torch.randn_like(std)`` of a name is an array shaped as that
array (both arrays: ``_like`` copies a tensor's shape).  ``np.random.normal(loc, scale)`` and ``torch.normal(mean,
std)`` are ``loc + scale * eps``.  Noted ``code-random-draw``; a second draw is ``eps2``, and so on.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symdl.errors import NotSupported, Span
from symdl.read.constructs import split_top
from symdl.read.keywords import keyword_of
from symdl.read.lexer import Token
from symdl.read.syntax import AtomSpec, Group, Node, plain_text, seq_span, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

#: the standard normal draws (their arguments a shape or an array to copy it from)
STANDARD = {"randn", "randn_like", "standard_normal"}
#: the normal draws of a mean and a standard deviation → their keyword names (numpy's, PyTorch's)
SHIFTED = {"normal": (("loc", "mean"), ("scale", "std"))}
DRAWS = STANDARD | set(SHIFTED)
_CALL = re.compile(r"(?<![\w.])(?:np|numpy|torch|jnp)(?:\.random)?\.(?:" + "|".join(sorted(DRAWS)) + r")\s*\(")


def draw_name(reader: ExprReader, at: int) -> str:
    """The name of the draw whose call starts at ``at``: ``eps``, the second one ``eps2``; a name the source
    already uses is skipped."""
    used = set(re.findall(r"[A-Za-z_]\w*", reader.source))
    k = len(_CALL.findall(reader.source[:at]))
    names = (f"eps{j}" if j > 1 else "eps" for j in range(1, 100))
    return [name for name in names if name not in used][k]


def random_draw(reader: ExprReader, path: list[str], group: Group, span: Span) -> list[Node]:
    """The draw ``path`` (``torch.randn_like``) called on ``group``, at ``span``, as its name (and the mean and
    scale of a shifted one), noted."""
    name = path[-1]
    word = draw_name(reader, span.start)
    whole = Span(span.start, group.span.end)
    like = plain_text(strip_space(group.children)).strip() if name == "randn_like" else ""
    shaped = like if re.fullmatch(r"[A-Za-z]\w*", like) else None  # torch.randn_like(std): shaped as std
    ph = reader.new("atom", whole, atom=AtomSpec(base=word, base_latex=rf"\text{{{word}}}", word=True, spelling=word,
                                                 d_of=shaped, readings=("code-draw-like",) if shaped else ()))
    eps: list[Node] = [Token("ph", str(ph.id), whole)]  # keyed by its own name, not by the call's text
    if name in STANDARD:
        _note(reader, path, whole, word, word)
        return eps
    loc, scale = _normal_args(reader, name, group)
    shown = " * ".join([*([] if scale is None else [f"({plain_text(scale).strip()})"]), word])
    _note(reader, path, whole, word, shown if loc is None else f"{plain_text(loc).strip()} + {shown}")
    out: list[Node] = [] if loc is None else [*loc, Token("op", "+", span)]
    if scale is not None:
        out += [Group(scale, seq_span(scale, group.span), "paren"), Token("op", "*", span)]
    return [Group([*out, *eps], whole, "paren")]


def _note(reader: ExprReader, path: list[str], span: Span, word: str, reading: str) -> None:
    """Note the draw ``path`` at ``span``, read as ``reading``, its sample the input ``word``."""
    reader.add_note("code-random-draw", span, {"call": ".".join(path), "name": word, "reading": reading})


def _normal_args(reader: ExprReader, name: str, group: Group) -> tuple[list[Node] | None, list[Node] | None]:
    """The mean and the scale of ``normal(loc, scale, size)`` (each None when left at 0, 1)."""
    words = SHIFTED[name]
    got: list[list[Node] | None] = [None, None]
    parts = [strip_space(p) for p in split_top(group.children, ",")] if strip_space(group.children) else []
    for at, part in enumerate(parts):
        kw = keyword_of(part)
        slot = next((k for k, w in enumerate(words) if kw is not None and kw[0] in w), None) if kw else at
        if (kw is not None and kw[0] == "size") or (slot is not None and slot >= 2):
            continue  # the shape
        if slot is None or not part:
            raise reader.error(NotSupported, f"the argument {plain_text(part)} of {name}", seq_span(part, group.span),
                               f"symdl reads {name}(loc, scale, size)")
        got[slot] = strip_space(kw[1]) if kw is not None else part
    default = ("0", "1")
    return tuple(None if v is None or plain_text(v) in (d, d + ".", d + ".0") else v  # type: ignore[return-value]
                 for v, d in zip(got, default, strict=True))
