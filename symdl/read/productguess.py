"""Products that may be calls: where a name written against a parenthesis is read as a product by no rule of its own,
the guess is noted (``product-of-a-marked-name``: Duda et al.'s ``\\Delta\\mathbf{w}_{bp}(m)``, a polynomial
``b P_3(c + dx)``; ``product-after-power``: HiFi-GAN's ``D^i(x)``).  :func:`symdl.read.callorproduct.call_follows`
asks these two predicates."""

from __future__ import annotations

import re

from symdl.read.syntax import AtomSpec, Group, Node, plain_text

#: subscripts that name a bound of a range, a value: \sigma_{min}, \eta_{max}, \theta_{init}
BOUND_SUBSCRIPTS = frozenset({"min", "max", "init", "start", "end", "final", "lo", "hi", "low", "high"})


def letter_power_touching(source: str, exponent: list[Node], group: Node) -> bool:
    """Is the power one lower-case letter (``D^i``, ``\\gamma^i``) written right against a parenthesis?"""
    power = "".join(plain_text(exponent).split()).strip("{}")
    return (len(power) == 1 and power.islower() and power.isalpha()
            and source[: group.span.start].rstrip() == source[: group.span.start])


def marked_name_touching(source: str, spec: AtomSpec, group: Group) -> bool:
    """Is a name that carries a subscript, a layer or step, bold type or an accent written right against the
    parenthesis after it (``P_3(c + dx)``, ``\\Delta\\mathbf{w}_{bp}(m)``)?  Such a name is a function's value at a
    point as often as a number times a sum, so reading it as a product is a guess (not a transposed matrix, a bound's
    \\sigma_{\\min}, nor a number subscript on a Greek coefficient: \\beta_1(1 - \\beta_1))."""
    if spec.transpose or spec.word or not (spec.sub or spec.bold or spec.decorations or spec.layer or spec.sample):
        return False
    if spec.sub is not None and spec.sub.text.lstrip("\\") in BOUND_SUBSCRIPTS:
        return False
    if spec.greek and spec.sub is not None and spec.sub.text.strip("{} ").isdigit() and not spec.bold:
        return False
    inner = source[group.span.start + 1 : group.span.end - 1]
    if re.search(re.escape(spec.base_latex) + r"(?![A-Za-z])", inner) or (
            spec.sample and re.search(r"\^\{?\s*\(\s*" + re.escape(spec.sample) + r"\s*\)", inner)):
        return False  # Bishop's y_n(1 - y_n), cs229's y^{(i)}(w^T x^{(i)} + b): the value times its own expression
    return source[: group.span.start].rstrip() == source[: group.span.start]
