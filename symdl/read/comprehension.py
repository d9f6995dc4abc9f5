r"""Python's comprehensions pasted as a formula: Nielsen's network.py ``self.weights = [(1-eta*(lmbda/n))*w -
(eta/len(mini_batch))*nw for w, nw in zip(self.weights, nabla_w)]``.  The brackets hold a loop, one value per pair
of the lists zipped; read as TeX, ``for`` and ``in`` were names multiplied into a 2×1 matrix, silently.  Refused by
name, with the span of the loop's ``for``; Python's conditional expression ``a if cond else b`` likewise (its words
were names multiplied in, silently)."""

from __future__ import annotations

import re

from symdl.errors import NotSupported, Span

#: a comprehension: in brackets or parentheses, ``for`` a name (or names) ``in`` something, as plain words
_COMPREHENSION = re.compile(r"(?<![\\A-Za-z_])for\s*(?:[A-Za-z_][\w, ]*|\([\w, ]+\))\s+in(?![A-Za-z_])")
#: Python's conditional expression, ``a if cond else b``, as plain words (SAM's ``(torch.pow(p, 2) if
#: group["adaptive"] else 1.0)``)
_CONDITIONAL = re.compile(r"(?<![\\A-Za-z_])if\s+[^&\\]+?\s+else(?![A-Za-z_])")
#: TeX's text boxes, whose words are prose (``\text{for } i \in S``)
_TEXT_BOX = re.compile(r"\\(?:text|mathrm|textrm|textit|operatorname|mbox)\s*\{[^{}]*\}")


def refuse_comprehension(source: str) -> None:
    """Refuse a Python comprehension (see the module)."""
    plain = _TEXT_BOX.sub(lambda m: " " * len(m.group(0)), source)
    if (c := _CONDITIONAL.search(plain)) is not None and not re.search(r"[<>]|[=!]=", c.group(0)):  # (a comparison's
        # x if x > 0 else 0.01 * x reads as cases: symdl.read.codeifs)
        raise NotSupported(
            "code's conditional expression (a if cond else b): a choice between two values, which symdl does not "
            "read from Python", source=source, span=Span(c.start(), c.start() + 2),
            hint="write the two cases: \\begin{cases} a & \\text{if } cond \\\\ b & \\text{otherwise} \\end{cases}")
    m = _COMPREHENSION.search(plain)
    if m is None or not re.search(r"[\[(]", plain[: m.start()]):
        return
    generator = _in_call(plain, m.start())  # sum(f(j) for j in range(k)): a sum over j
    raise NotSupported(
        "code's comprehension (a loop in brackets, [f(w) for w in ws], sum(f(j) for j in range(k))): one value per "
        "member of a list, which symdl does not read",
        source=source, span=Span(m.start(), m.start() + 3),
        hint="write the sum over the index: \\sum_{j=1}^{k} (x_{ij} - \\mu_i)^2" if generator else
        "write the rule for one member: w = (1 - \\eta\\lambda/n) w - (\\eta/m) \\nabla_w C")


def _in_call(text: str, at: int) -> bool:
    """Is position ``at`` inside the parentheses of a reduction's call (``sum(... for j in range(k))``)?"""
    depth = 0
    for k in range(at - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[k], 0)
        if depth < 0:
            return re.search(r"(?<![A-Za-z_])(?:sum|mean|max|min|prod)\s*$", text[:k]) is not None
    return False


#: a call with template arguments in angle brackets, as the ONNX operator specification writes its function bodies
#: (``Mean = ReduceMean<axes=normalized_axes>(X)``): a word, ``<``, arguments, ``>`` and the parenthesis
_TEMPLATE_CALL = re.compile(r"(?<![\\A-Za-z_])([A-Za-z][A-Za-z0-9_]*)<([^<>=]+=[^<>]*|[A-Za-z_][\w, ]*)>\(")


def refuse_template_call(source: str) -> None:
    """Refuse ONNX's ``ReduceMean<axes=normalized_axes>(X)``: read as TeX it was the comparisons ``ReduceMean <
    axes`` and ``normalized_axes > X`` (a chain of inequalities, silently)."""
    m = _TEMPLATE_CALL.search(source)
    if m is None:
        return
    raise NotSupported(
        f"the call {m.group(1)}<{m.group(2)}>(...) with arguments in angle brackets (the ONNX specification's "
        "function bodies): its attributes say how it reduces, which symdl does not read",
        source=source, span=Span(m.start(), m.end()),
        hint="write the math it computes: \\mu = \\frac{1}{n}\\sum_i x_i for a mean over the normalised axis")
