"""Adadelta's running averages written ``E[g^2]_t``: the name of a quantity indexed by the step, not an expectation.

Zeiler's ``E[g^2]_t = \\gamma E[g^2]_{t-1} + (1 - \\gamma) g^2_t`` (and Ruder's overview) writes the running
average of the squared gradients as ``E[...]`` with the step as a subscript.  An expectation carries no step, so a
subscript after the bracket makes ``E[g^2]`` one name (``Eg2``, spelt ``E[g^2]``) and the subscript its index: a
family over t, so the statement is an update of ``E[g^2]_t`` from ``E[g^2]_{t-1}``.  Noted
(``running-average-name``).  So is a named statistic written so, Zeiler's ``\\text{RMS}[g]_t = \\sqrt{E[g^2]_t +
\\epsilon}`` (``running-statistic-name``): the root mean square at step t, a family over the steps.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symdl.errors import NotSupported, Span
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node

if TYPE_CHECKING:
    from symdl.read.expr import Emitter, ExprReader


def running_average(reader: ExprReader, nodes: list[Node], i: int, k: int, after: int, em: Emitter,
                    op: str = "E") -> int:
    """Emit ``nodes[i:k]`` (the operator E, or the statistic ``op``: Zeiler's ``\\text{RMS}[g]_t``), the bracket
    ``nodes[k]`` and the subscript at ``nodes[after]`` as one indexed name; returns the index after it."""
    from symdl.read.atoms import _spelling
    from symdl.read.constructs import emit_exponent

    group = nodes[k]
    assert isinstance(group, Group)
    inner = reader.source[group.span.start + 1 : group.span.end - 1].strip()
    key = re.sub(r"\\([A-Za-z]+)", r"\1", inner)
    key = re.sub(r"[^A-Za-z0-9]", "", key)
    start = nodes[i].span.start
    if not key:
        raise reader.error(NotSupported, "a running average of nothing", Span(start, group.span.end),
                           "name it: v_t = \\rho v_{t-1} + (1 - \\rho) g_t^2")
    head = Token("letter", "E", Span(start, group.span.end))
    synth = [head, *nodes[after:]]
    ph, j, exponent = reader.atom(synth, 0)
    spec = ph.data["atom"]
    latex = "E" if op == "E" else f"\\operatorname{{{op}}}"
    spec.base, spec.base_latex, spec.word = op + key, f"{latex}[{inner}]", True
    end = synth[j - 1].span.end if exponent is None else reader.source.rfind("^", start, synth[j - 1].span.end)
    spec.spelling = _spelling(reader.source, [(start, end)])  # as written, its spaces as names keep them
    ph.span = Span(start, end)
    rule = "running-average-name" if op == "E" else "running-statistic-name"
    if (rule, spec.base) not in reader._noted:  # noted once per name
        reader._noted.add((rule, spec.base))
        index = spec.sub.text if spec.sub is not None else ""
        reader.add_note(rule, ph.span, {"name": f"{op}[{inner}]", "index": index})
    em.placeholder(ph.id, ph.span)
    if exponent is not None:
        power = exponent
        em.power(ph.span, lambda: emit_exponent(reader, power, em, ph.span))
    return after + j - 1
