"""Issue 10: no text is ever evaluated.

Every public function (no leading underscore, defined in its module) of every module of symdl is
found by walking the package; each parameter that may receive text gets hostile strings, the other
parameters valid values from a small table.  Each call must

* leave the canary file uncreated (every payload tries to create it);
* let no hostile string reach ``sympy.sympify``/``parse_expr`` (non-strict) or ``eval``/``exec``/
  ``compile`` (patched with :mod:`unittest.mock` wherever they are bound);
* end normally or with a :class:`SymdlError`; where the parameter does not take text (a SymPy
  expression, a number) a wrong-type error is acceptable too: ``TypeError``, or an
  ``AttributeError`` on the ``str`` object itself.

Functions whose other parameters cannot be filled from the table are listed in :data:`SKIPPED`
(a test keeps that list exact).  The CLI is driven the same way through ``symdl.cli.main``.
"""

from __future__ import annotations

import builtins
import contextlib
import importlib
import inspect
import io
import pkgutil
import re
import sys
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
import pytest
import sympy
import sympy.parsing.sympy_parser  # bound before the guard looks for parse_expr

import symdl
from symdl.config import DEFAULT
from symdl.errors import Span, SymdlError
from symdl.numeric.emit import Target

#: payloads: each would create the canary (``{canary}``) or read a file if evaluated as Python
HOSTILE = {
    "os-system": "__import__('os').system('touch {canary}')",
    "exec": "exec(\"open('{canary}', 'w').close()\")",
    "lambda": "(lambda: __import__('pathlib').Path('{canary}').touch())()",
    "subclasses": "().__class__.__bases__[0].__subclasses__()",
    "open-passwd": "open('/etc/passwd').read()",
    "sympify-able": "Symbol('x') + __import__('pathlib').Path('{canary}').touch()",
    "in-latex": r"\frac{__import__('os').system('touch {canary}')}{2} + x^{eval('1')}",
}
#: latex2sympy2_extended's ``parse_number`` hands its grammar's NUMBER tokens (digits, ``.``, ``,``) to
#: ``sympy.Number``, which sympifies them: the only strings allowed to reach sympify, and they cannot run code
NUMERAL = re.compile(r"[0-9][0-9.,]*")
#: substrings that give a payload away in anything handed to sympify/eval/exec/compile
MARKERS = ("__import__", "exec(", "__subclasses__", "/etc/passwd", "Symbol('x')", "eval('1')", "CANARY")


# --- which parameters take text --------------------------------------------------------------------


def _members(annotation: object) -> list[str]:
    """Top-level members of a (string) annotation's union: ``'str | Formula'`` → ``['str', 'Formula']``."""
    text = "" if annotation is inspect.Parameter.empty else str(annotation)
    depth, cur, out = 0, "", []
    for ch in text:
        depth += (ch in "[(") - (ch in "])")
        if ch == "|" and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    return [*out, cur.strip()]


def param_kind(p: inspect.Parameter) -> str | None:
    """``text`` (takes a string), ``seq``/``map`` (strings inside), ``loose`` (any object or an
    expression: a string is the wrong type), or None (never text)."""
    ms = _members(p.annotation)
    if (p.name == "wrt" and "object" in ms) or "str" in ms or any(m.startswith("Path") and "str" in ms for m in ms):
        return "text"
    if any(re.match(r"(Sequence|list|Iterable)\[str\b", m) for m in ms):
        return "seq"
    if any(re.match(r"(Mapping|dict)\[str\b", m) for m in ms):
        return "map"
    if any(m in ("object", "Any", "") or re.fullmatch(r"sympy\.\w+|Formula|Statement", m) for m in ms):
        return "loose"
    return None  # numbers, paths, containers of expressions: never text


def public_functions() -> Iterator[tuple[str, Callable[..., Any]]]:
    for name in symdl.__all__:  # the public API itself: the pipeline's functions behind their guard
        if inspect.isfunction(getattr(symdl, name)):
            yield f"symdl.{name}", getattr(symdl, name)
    walked = (info.name for info in pkgutil.walk_packages(symdl.__path__, "symdl."))
    names = ["symdl", *(n for n in walked if not n.endswith(".__main__"))]  # importing __main__ runs the CLI
    for module in map(importlib.import_module, names):
        for name, obj in sorted(vars(module).items()):
            if not name.startswith("_") and inspect.isfunction(obj) and obj.__module__ == module.__name__:
                yield f"{module.__name__}.{name}", obj


# --- valid values for the other parameters ---------------------------------------------------------

Z = sympy.Symbol("z", real=True)


@cache
def _formula(latex: str) -> symdl.Formula:
    return symdl.parse(latex)


@cache
def _explanation() -> object:
    return symdl.explain(_formula("v = \\beta v + (1-\\beta) dW"))


def _serve_jobs() -> Any:
    import symdl.serve.jobs

    return symdl.serve.jobs


@cache
def _comparison() -> object:
    return symdl.compare(_formula("v = \\beta v + (1-\\beta) dW"), _formula("v_t = \\gamma v_{t-1} + \\eta dW"))


#: values by ``module.function:parameter`` (first) or by parameter name
BY_NAME: dict[str, Callable[[Path], object]] = {
    "config": lambda _: DEFAULT,
    "wrt": lambda _: "z",
    "claim": lambda _: _formula("2 z"),
    "latex": lambda _: "z^2",
    "source": lambda _: "z^2",
    "text": lambda _: "title: t\n",
    "expl": lambda _: _explanation(),
    "cmp": lambda _: _comparison(),
    "path": lambda tmp: tmp / "out.png",
    "seconds": lambda _: 1.0,
    "shapes": lambda _: None,
    "rng": lambda _: np.random.default_rng(0),
    "perm": lambda _: [1, 0],
    "value": lambda _: Z,
    **{f"symdl.numeric.{mod}.symdl_{fn}:{p}": (lambda _: 2)
       for mod, fn in (("kernels_index", "delta"), ("kernels_index", "irange"), ("kernels_matrix", "ones"),
                       ("kernels_matrix", "zeros"), ("kernels_matrix", "melem"))
       for p in ("i", "j", "k", "lo", "hi", "rows", "cols")},
    **{f"symdl.numeric.{mod}.symdl_{fn}:x": (lambda _: np.eye(2))
       for mod, fn in (("kernels_elementwise", "heaviside"), ("kernels_matrix", "matpow"), ("kernels_matrix", "melem"))},
    "symdl.numeric.kernels_matrix.symdl_matpow:k": lambda _: 2,
    **{f"symdl.numeric.kernels_softmax.symdl_softmax_onto:{p}": (lambda _, v=v: v) for p, v in (
        ("a", np.ones((2, 1))), ("b", np.ones((1, 2))), ("j", np.array([[1, 2]])), ("k", np.array([[1], [2]])),
        ("jaxis", -1), ("kaxis", -2), ("scale", 2.0))},  # a softmax along axis -1 laid onto axis -2
    "symdl.budget.budget_error:name": lambda _: "tokens",
    "symdl.chunk.build.formula:statements": lambda _: (Z**2,),
    "symdl.differentiate.jacobian.jacobian:expr": lambda _: sympy.MatrixSymbol("x", 3, 1),
    "symdl.differentiate.jacobian.jacobian:wrt": lambda _: sympy.MatrixSymbol("x", 3, 1),
    "symdl.differentiate.jacobian.hessian:expr": lambda _: sympy.MatrixSymbol("x", 3, 1).T * sympy.MatrixSymbol("x", 3, 1),
    "symdl.differentiate.jacobian.hessian:wrt": lambda _: sympy.MatrixSymbol("x", 3, 1),
    "symdl.chunk.compare.compare:a": lambda _: _formula("v = \\beta v + (1-\\beta) dW"),
    "symdl.chunk.compare.compare:b": lambda _: _formula("v_t = \\gamma v_{t-1} + \\eta dW"),
    "symdl.numeric.lambdify.evaluate:formula": lambda _: _formula("z^2"),
    "symdl.cli.check.verdict_text:verdict": lambda _: symdl.check_gradient("z^2", "z", "2z"),
    "symdl.numeric.resolve.reread:f": lambda _: _formula("z^2"),
    "symdl.numeric.resolve.reread:claim": lambda _: _formula("2 z"),
    "symdl.bind.build.elementwise:f": lambda _: sympy.exp,
    "symdl.chunk.algebra.one_factor:kind": lambda _: sympy.Sum,
    "symdl.numeric.resolve.aliased:claim_expr": lambda _: 2 * Z,
    "symdl.numeric.resolve.aliased:same": lambda _: {},
    "symdl.numeric.resolve.aliased:names": lambda _: {},
    "symdl.numeric.resolve.unify_names:f": lambda _: _formula("z^2"),
    "symdl.numeric.resolve.unify_names:wrt": lambda _: Z,
    "symdl.numeric.resolve.unify_names:claim": lambda _: _formula("2 z"),
    "symdl.printers.show:obj": lambda _: Z**2,
    "symdl.numeric.resolve.reread:read": lambda _: lambda text, shapes: symdl.parse(text, shapes=shapes),
    "symdl.read.notes.note:rule": lambda _: "superscript-layer",
    "symdl.read.notes.note:span": lambda _: Span(0, 1),
    "symdl.read.notes.note:values": lambda _: {"atom": "w^l", "name": "w", "layer": "l"},
    "symdl.numeric.names.font_alias:known": lambda _: {"z": Z},
    "symdl.numeric.names.font_aliases:known": lambda _: {"z": Z},
    "symdl.numeric.names.font_aliases:spellings": lambda _: ["z"],
    "symdl.numeric.names.alias_note:aliases": lambda _: {"x": "z"},
    "symdl.numeric.names.align_shapes:f": lambda _: _formula("z^2"),
    "symdl.numeric.names.check_same_kinds:aliases": lambda _: {},
    "symdl.numeric.names.same_objects:aliases": lambda _: {},
    "symdl.numeric.names.shape_mismatch:claim": lambda _: (3,),
    "symdl.numeric.names.shape_mismatch:truth": lambda _: (3, 3),
    "symdl.numeric.names.shape_mismatch:core": lambda _: 1,
    "symdl.serve.html.marked_source:spans": lambda _: [(0, 1, "1")],
    "symdl.serve.jobs.failure:exc": lambda _: ValueError("z"),
    "symdl.serve.jobs.field:body": lambda _: {"z": "z^2"},
    "symdl.serve.jobs.only_fields:allowed": lambda _: ("latex",),
    "symdl.serve.jobs.answer:job": lambda _: _serve_jobs().parse("z^2"),
    "symdl.serve.page.error:doc": lambda _: _serve_jobs().answer("parse", _serve_jobs().parse("}"), DEFAULT).doc,
    "symdl.serve.page.verdict:doc": lambda _: _serve_jobs().answer(
        "check", _serve_jobs().check("z^2", "z", "2z", None), DEFAULT).doc,
    "symdl.serve.page.notes:items": lambda _: [{"rule": "r", "message": "m", "alternative": "a", "text": "z"}],
    "symdl.serve.page.noted_source:items": lambda _: [{"span": [0, 1]}],
    "backend": lambda _: "numpy",
    "symdl.numeric.emit_backends.program_source:args": lambda _: [Z],
    "symdl.numeric.emit_backends.kernel_block:names": lambda _: ["symdl_matmul"],
    "symdl.numeric.emit.emit:targets": lambda _: (Target(Z**2), Target(2 * Z, Z)),
    "symdl.cli.grad.gradient_text:g": lambda _: symdl.grad("z^2", "z"),
}
#: values by the first member of the annotation that has one
def _chunk_context(_: Path) -> object:
    from symdl.chunk.registry import Context

    return Context(formula=_formula("z^2"))


BY_TYPE: dict[str, Callable[[Path], object]] = {
    "str": lambda _: "z",
    "None": lambda _: None,
    "Config": lambda _: DEFAULT,
    "Formula": lambda _: _formula("z^2"),
    "sympy.Basic": lambda _: Z**2,
    "sympy.Expr": lambda _: Z**2,
    "sympy.Symbol": lambda _: Z,
    "list[sympy.Basic]": lambda _: [Z],
    "Iterable[sympy.Basic]": lambda _: [Z],
    "tuple[sympy.Basic, ...]": lambda _: (Z**2,),
    "list[tuple[int, sympy.Basic]]": lambda _: [(0, Z)],
    "dict[sympy.Basic, sympy.Basic]": lambda _: {},
    "Mapping[sympy.Basic, sympy.Basic]": lambda _: {},
    "Mapping[sympy.Basic, str]": lambda _: {},
    "Mapping[str, tuple[int, ...]]": lambda _: {},
    "tuple[int, ...]": lambda _: (2,),
    "Callable[[object], str]": lambda _: str,
    "int": lambda _: 3,
    "float": lambda _: 0.5,
    "bool": lambda _: False,
    "Path": lambda tmp: tmp / "out",
    "np.ndarray": lambda _: np.array([0.5, 1.5]),
    "Explanation": lambda _: _explanation(),
    "Comparison": lambda _: _comparison(),
    "Context": _chunk_context,
}

#: a valid value for a hostile key of a mapping parameter
MAP_VALUES: dict[str, object] = {"shapes": (2,), "declared": (2,), "functions": np.tanh, "at": 0.5, "aliases": "z"}

#: modules and parameters left out, and why
NOT_TEXT = {
    **{f"symdl.serve.page.{fn}:doc": "a JSON document built by symdl.render.jsonout for the page (keys and structure "
       "are symdl's; the request's text inside it is escaped, never evaluated)"
       for fn in ("error", "explanation", "verdict", "library", "derivation")},
    "symdl.numeric.kernels": "numpy kernels, called by generated code on arrays only",
    **{f"symdl.numeric.kernels_{part}": "numpy kernels, called by generated code on arrays only"
       for part in ("index", "elementwise", "matrix")},
    "symdl.numeric.kernels_kron": "the Kronecker numpy kernel, called by generated code on arrays only",
    "symdl.render.document_pdf.run_tex:cmd": "the TeX engine's command line, built by symdl (never user text)",
    "symdl.budget.budget_error:name": "a budget's name, chosen by the symdl code that counts it",
    "symdl.bind.apply.derivative_of_known:name": "a key of KNOWN_FUNCTIONS, chosen by the reader",
    "symdl.read.runavg.running_average:op": "E or a statistic of ENTRY_STATISTICS, chosen by the reader",
    "symdl.bind.expectations.entry_statistic:what": "an array value the binder built and a statistic the reader chose "
    "(mean, sum, variance, std)",
    "symdl.read.notes.note:rule": "a key of NOTE_RULES, chosen by the reader's rules",
    "symdl.exports.result_type:name": "an attribute name Python looks up on the package (PEP 562): a name not in "
    "RESULT_TYPES is an AttributeError and nothing is imported",
    "symdl.read.notes.note:values": "the rule's template fields, keyed by the reader; the source text they quote "
    "is only formatted into the message, never evaluated",
}

#: functions left out, and why: their other parameters are reader, binder or verifier state
SKIPPED = {
    "symdl.read.superscripts.bracket_sample": "needs a superscript's nodes",
    "symdl.read.words.log_base": "needs a run's nodes",
    "symdl.read.refusedcode.refuse_curried_calls": "needs a statement's nodes",
    "symdl.read.refusedcode.refuse_c_code": "needs a statement's nodes",
    "symdl.read.assertions.range_assertion": "needs a statement's nodes",
    "symdl.read.powercall.applied_unpowered": "needs a reader and a parenthesis node",
    "symdl.errors.as_written": "needs a SymdlError; the text is only stored on it for the caret, never evaluated",
    "symdl.read.dashdefs.dash_definitions": "needs statements' nodes and a list of notes",
    "symdl.read.atombase.read_base": "needs a name's nodes (read_atom reads them from text)",
    "symdl.read.eventbrackets.event_brackets": "needs nodes and a list of notes",
    "symdl.read.spacedrows.spaced_rows": "needs nodes and a list of notes",
    "symdl.bind.nablaindex.by_index_entry": "needs a binder and a gradient's placeholder",
    "symdl.bind.names.parameter_subscripts": "needs the binder's placeholders",
    "symdl.chunk.relations.definitions": "needs a formula's statements",
    "symdl.bind.build.whole_member": "needs a SymPy expression and the binder's set of families of vectors",
    "symdl.read.calledsuper.refuse_called_super": "needs a name's record and its superscript's nodes",
    "symdl.read.groups.unbrace_square": "needs a left side's nodes (the source is only read by read_atom)",
    "symdl.read.lhsdots.omitted_rows": "needs statements' nodes and a list of notes",
    "symdl.read.macros.macro_word": "needs a command's name and the nodes it stands in",
    "symdl.read.statements.register_squares": "needs a reader and statements' nodes",
    "symdl.read.princenorm.norm_densities": "needs the reader's nodes and a list of notes",
    "symdl.read.mapdecl.set_aside_map_declarations": "needs statements' nodes and a list of notes",
    "symdl.read.otherwise.refuse_word_cases": "needs a statement's nodes",
    "symdl.bind.guards.spectral_norm_call": "needs a name's record, the binder's expressions and a placeholder's id",
    "symdl.bind.guards.refuse_spectral_norm_of_number": "needs a name's record",
    "symdl.read.steparg.time_bracket": "needs a bracket group (the source is only searched by a regular expression)",
    "symdl.read.functionuse.bare_matrix_product": "needs an argument's nodes (the source only spells its names)",
    "symdl.read.bracketindex.label_entry": "needs a name's record and the structure pass's nodes (the source is only "
    "matched)",
    "symdl.read.compound.new_old_update": "needs the statement's nodes (the source is only sliced and quoted)",
    "symdl.read.compound.inplace_update": "needs the statement's nodes (the source is only matched and quoted)",
    "symdl.read.codearith.arith_method": "needs a reader, the value's nodes and the method's parenthesis group",
    "symdl.bind.build.bounded": "needs a SymPy reduction class, its body and its limits",
    "symdl.bind.noise.noise_epsilons": "needs the binder (its atoms, roles and declarations) and a sum",
    "symdl.bind.upstream.gradient_points": "needs the binder (its placeholders, atoms and roles) and an operand",
    "symdl.read.codewhere.where_call": "needs a reader, the call's path and its parenthesis group",
    "symdl.read.boldd.bold_d_prefixes": "needs tokens (the source is only searched for a backslash)",
    "symdl.read.arrowlabels.arrow_labels": "needs tokens (the source is only sliced for the note)",
    "symdl.bind.gates.promote_step_gates": "needs the binder (its placeholders, atoms and kinds)",
    "symdl.bind.noise.noise_term": "needs the binder (its atoms and statements) and a term of a sum",
    "symdl.bind.layercalls.capital_calls_beside_matrix": "needs the binder (its placeholders and kinds) and a product",
    "symdl.bind.layercalls.layer_value": "needs the binder, a layer's call placeholder and its converted argument",
    "symdl.bind.kindrules.greek_in_activation": "needs the binder (its placeholders and kinds) and a call placeholder",
    "symdl.bind.kindrules.states_listed": "needs the binder (its placeholders and atoms) and a bracket placeholder",
    "symdl.bind.kindrules.vector_after_transpose": "needs the binder (its placeholders and kinds) and a transpose",
    "symdl.bind.kindrules.identity_sum": "needs the binder (its placeholders and kinds) and a sum",
    "symdl.bind.kindrules.vector_after_inverse": "needs the binder (its placeholders and kinds) and a product",
    "symdl.bind.kindrules.starred_calls": "needs the binder (its placeholders and kinds) and a product",
    "symdl.bind.kindrules.summed_words": "needs the binder (its placeholders and kinds) and a call placeholder",
    "symdl.read.chainassign.full_slice_targets": "needs the statement parts' nodes (the source is only quoted)",
    "symdl.read.chainassign.copy_targets": "needs the structure pass's nodes (the source is only quoted)",
    "symdl.read.chainassign.split_chained_assignments": "needs the statement parts' nodes (the source is only quoted)",
    "symdl.read.words.code_value_name": "needs the reader's nodes of a run of letters (the source is only searched)",
    "symdl.read.samplewords.sample_words": "needs the structure pass's nodes (the source is only quoted)",
    "symdl.bind.capitals.power_before_group": "needs the binder (its placeholders and kinds) and a product",
    "symdl.read.codegelu.gelu_call": "needs a reader and the structure pass's parenthesis of the call",
    "symdl.read.nodequeries.angle_pi": "needs the structure pass's parenthesis node after \\pi",
    "symdl.read.keywords.one_axis": "needs a reader (its source, for the error's span)",
    "symdl.read.keywords.axis_used": "needs a reader and its record of the axes reduced",
    "symdl.bind.fancyrows.over_rows": "needs the binder (its symbols and notes) and an expectation placeholder",
    "symdl.read.labelcall.labelled_statistic": "needs the structure pass's nodes, a reader and its callee record",
    "symdl.read.labelcall.plain_extremum": "needs the structure pass's nodes, a reader, its callee record and emitter",
    "symdl.bind.argvalue.arg_value": "needs the binder (its kinds and placeholders) and a call placeholder",
    "symdl.read.argvalue.event_use": "needs the reader's nodes of a body (no text is read; its plain text is matched)",
    "symdl.read.sumextent.reach": "needs the reader's nodes and a sum's index (no text is read)",
    "symdl.read.plainsubs.plain_subscripts": "needs tokens (the source is only searched for a backslash)",
    "symdl.read.anglepairs.angle_pairs": "needs tokens (the source is only searched for angle brackets and sliced)",
    "symdl.bind.matrixaxes.axis_statistic": "needs the binder and a reduction placeholder with its built matrix",
    "symdl.read.flatsubs.flattened_subscripts": "needs tokens (the source is only searched for code and backslashes)",
    "symdl.read.bracketindex.bracket_layer": "needs an AtomSpec and the structure pass's nodes of the source",
    "symdl.read.bracketindex.layer_after": "needs the structure pass's nodes of the source it is given",
    "symdl.read.codedecor.code_decorations": "needs tokens (the source is only sliced for the notes' text)",
    "symdl.bind.absmax.capital_in_bars": "needs the binder (its atoms, placeholders and declarations)",
    "symdl.bind.statnames.reduced_name": "needs the binder (its atoms, roles and declarations) and a call placeholder",
    "symdl.bind.absmax.largest_abs_entry": "needs the binder and an abs placeholder's atom",
    "symdl.read.examplecalls.example_calls": "needs the reader's node tree (no text is read)",
    "symdl.bind.coefficients.leading_coefficient": "needs the binder (its atoms, placeholders and kinds)",
    "symdl.read.codedraws.random_draw": "needs the reader, a call's path and the structure pass's group of its arguments",
    "symdl.read.codelibrary.dot_product": "needs the reader and a group of nodes",
    "symdl.read.codesizes.size_method": "needs the structure pass's value nodes and the group after a method's name",
    "symdl.read.codesizes.word_call": "needs the structure pass's nodes of the source it is given",
    "symdl.bind.entryargs.scaled_vector": "needs the binder (its atoms and kinds)",
    "symdl.read.deltachange.note_unwritten_change": "needs the reader (it adds a note at source positions)",
    "symdl.chunk.concepts_prob.is_standard_draw": "needs the formula's reading notes (a draw set aside by the reader)",
    "symdl.chunk.relations_norm.norm_relations": "needs the statements' chunk matches and their positions",
    "symdl.chunk.calc_chain.implicit_links": "needs the statements' derivative links read off SymPy, never text",
    "symdl.chunk.layer_parts.window": "needs a set of a sum's index variables read off SymPy, never text",
    "symdl.chunk.relations_layer.recurrent_relations": "needs the statements' matches and their positions by target",
    "symdl.chunk.relations_moments.adam_moments": "needs a read formula, its Context and the relations found so far",
    "symdl.chunk.relations_moments.rmsprop_accumulator": "needs a read formula, its Context and the relations found "
    "so far",
    "symdl.chunk.relations_optim.nadam": "needs a resolver of earlier statements (a chunk-stage callback)",
    "symdl.chunk.dice_forms.dice_averaged": "needs the per-example Dice recogniser (a chunk-stage callback)",
    "symdl.read.compound.compound_update": "needs the reader's node list of a statement",
    "symdl.read.probability.drawn_paren": "needs the reader's node list of a statement",
    "symdl.read.statname.register_updated": "needs an expression reader (its names table)",
    "symdl.bind.declaredentries.declared_vector_entry": "needs an atom read from source and the declared shapes",
    "symdl.bind.declaredentries.member_declared": "needs an atom read from source and the declared shapes",
    "symdl.bind.declaredentries.note_declared_entry": "needs a binder (its atoms, roles and notes)",
    "symdl.bind.meanings.note_differing_definition": "needs a binder (its placeholders and notes) and bound sides",
    "symdl.numeric.stepentries.as_family": "needs a step's sympy variable and the forward system's families",
    "symdl.numeric.stepentries.wholes_of": "needs a claim's sympy expression and the forward system's families",
    "symdl.numeric.wholeentries.entries_of_whole_names": "needs a bound Formula, a sympy variable and claim",
    "symdl.numeric.wholeentries.without_families": "needs declared shapes and a bound Formula",
    **{f"symdl.numeric.hessian.{fn}": "needs resolve()'s SymPy objects (function, variable, claim, names), never text"
       for fn in ("confirm_gradient", "hessian_shape_check", "layout_line")},
    "symdl.numeric.claimdims.identity_in_claim": "needs resolve()'s SymPy objects (claim, function, names), never text",
    "symdl.numeric.gradnames.gradient_of": "needs a statement's target symbol and the file's symbols by spelling",
    "symdl.bind.groupentry.entry_length": "needs a Binder with its placeholders, never text",
    **{f"symdl.numeric.domains.{fn}": "needs a Domain read off SymPy expressions and an input object, never text"
       for fn in ("sampling_range", "draw")},
    **{f"symdl.numeric.stepfamilies.{fn}": "needs a hand derivation's SymPy expressions and arrays, never text"
       for fn in ("entry_target", "matrix_families", "no_stray_index", "entrywise_claim", "share")},
    "symdl.bind.familysubs.family_letters": "needs a binder (its sum letters and atoms) and a callee read from source",
    "symdl.bind.familysubs.as_family": "needs a binder (it notes the reading) and a callee read from source",
    "symdl.bind.familysubs.refuse_applied_subscript": "needs a binder (its source) and a callee read from source",
    "symdl.bind.bilinear.refuse_form_per_output": "needs the written terms, their sympy values and a span finder",
    "symdl.bind.cancelled.note_cancelled": "needs the written terms, their sympy values and a span finder",
    "symdl.read.callorproduct.information_callee": "needs a reader node (the bracket group after a name)",
    "symdl.chunk.inner_calls.inner_calls": "needs a chunk's match and the formula's source spans",
    "symdl.chunk.inner_calls.self_gate": "needs a chunk's match (an activation's x·g(x) parts)",
    "symdl.read.callorproduct.functional_callee": "needs a reader node (the bracket group after L, J or F)",
    "symdl.read.optima.objective_prefix": "needs a reader's node list and positions of an operator in it",
    "symdl.read.pointcalls.pointwise": "needs an atom's spec and the argument's nodes (the bracket after a name)",
    "symdl.read.constructs.delta_name": "needs a reader, its node list and a position in it (the prefix a command)",
    "symdl.read.imaginary.refuse_imaginary_unit": "needs a reader's node tree (the source only names the span)",
    "symdl.read.dotargs.refuse_placeholder_arguments": "needs a statement's nodes (the source only names the span)",
    "symdl.read.dotargs.refuse_code_slices": "needs a statement's nodes (the source only names the span)",
    "symdl.bind.names.word_labels": "needs a binder's placeholder table (the letters only extend its bound set)",
    "symdl.bind.names.index_letters": "needs a binder's placeholder table (the letters only extend its bound set)",
    "symdl.read.sharedargs.latin_call_arguments": "needs a reader's node tree (the source only reads names in it)",
    "symdl.read.sharedargs.greek_call_arguments": "needs a reader's node tree (the source only reads names in it)",
    "symdl.read.sharedargs.before_parens_only": "needs a reader's node tree (the source only reads names in it)",
    "symdl.bind.formterms.form_term": "needs a binder's placeholders and a term built from them",
    "symdl.chunk.algebra.bounded": "runs a callable of symdl's own on an expression it already holds",
    "symdl.simplify.rewrite_within": "applies a callable of symdl's own (expand, cancel ...); refuses text itself",
    "symdl.simplify.attempt": "runs a callable of symdl's own; rewrite_within, its text-taking face, is tested",
    "symdl.bind.apply.call": "needs a reader span",
    "symdl.bind.cosine.cosine_similarity": "needs a reader span (the call's) and converted SymPy arguments",
    "symdl.bind.operators.by_spelling": "needs a binder's placeholder and the SymPy value built for it",
    "symdl.bind.variance.squared_name": "needs a binder's derivative placeholder and the SymPy values built for it",
    "symdl.bind.families.rows_fit": "needs the names of a binder's families and a dimension the binder made",
    "symdl.bind.families.set_rows": "needs the names of a binder's families and a dimension the binder made",
    "symdl.bind.greeksums.greek_subscripts": "needs the placeholders the reader built (atoms and indices)",
    "symdl.bind.guards.unread_subscripts": "needs an AtomSpec the reader built and a span",
    "symdl.bind.guards.spectral_norm_divisor": "needs the callee and argument AtomSpecs the reader built and a span",
    "symdl.bind.build.note_entrywise_matrix": "needs a converted SymPy argument and a reader span",
    "symdl.read.callorproduct.bare_atom": "needs the structure pass's nodes",
    "symdl.read.productguess.marked_name_touching": "needs a name's record and its parenthesis group",
    "symdl.read.productguess.letter_power_touching": "needs a superscript's nodes and the parenthesis group",
    "symdl.read.calls.conditional_callee": "needs the structure pass's nodes and a callee the reader built",
    "symdl.read.keywords.keyword_call": "needs a reader's group node and an emitter",
    "symdl.read.keywords.method_reduction": "needs a reader's group node and an emitter",
    "symdl.read.codelibrary.named_call": "needs the structure pass's group node of a call's arguments",
    "symdl.read.codelibrary.softmax_axis": "needs a reader and the structure pass's group node of a call's arguments",
    "symdl.read.ones.length_at": "needs the structure pass's nodes",
    "symdl.read.reach.reach_end": "needs the structure pass's nodes and a reader",
    "symdl.read.clauses.split_clauses": "needs the structure pass's nodes",
    "symdl.read.clauses.set_aside_draws": "needs the structure pass's nodes",
    "symdl.read.chains.split_chains": "needs the structure pass's nodes",
    "symdl.read.chains.split_mixed_relations": "needs the structure pass's nodes",
    "symdl.read.clauses.set_aside_inequations": "needs the structure pass's nodes",
    "symdl.read.condcolumns.set_aside_condition_columns": "needs the structure pass's nodes",
    "symdl.read.evententry.event_entry": "needs the reader and a callee's data read from the source",
    "symdl.read.setops.set_sizes": "needs the structure pass's nodes",
    "symdl.bind.gates.promote_gate_partners": "needs a binder and the kinds it is inferring",
    "symdl.bind.transposed.greek_after_matrix": "needs a Binder, a sum or statement sides it built, and the kinds it "
    "is inferring",
    "symdl.read.softmaxover.softmax_over": "needs the reader, its emitter and the structure pass's nodes",
    "symdl.read.softmaxover.softmax_entry": "needs the reader, its emitter and the structure pass's nodes",
    "symdl.read.bracketcall.form_bracket_call": "needs a name read by the reader and the structure pass's nodes",
    "symdl.read.bracketcall.shared_bracket_argument": "needs a name read by the reader and the structure pass's nodes",
    "symdl.read.bracketcall.bracket_applied": "needs a name read by the reader and the structure pass's nodes",
    "symdl.read.bracketcall.divergence_callee": "needs a name read by the reader and the structure pass's nodes",
    "symdl.read.bracketcall.bold_word_call": "needs the reader, its emitter and the structure pass's nodes",
    "symdl.read.prname.probability_pr": "needs the structure pass's nodes",
    "symdl.read.evententry.probability_event": "needs a name read by the reader and the structure pass's nodes",
    "symdl.read.events.event_probabilities": "needs the structure pass's nodes",
    "symdl.read.projection.projections": "needs the structure pass's nodes",
    "symdl.read.indexranges.set_aside_index_ranges": "needs the structure pass's nodes",
    "symdl.read.indexranges.set_aside_memberships": "needs the structure pass's nodes",
    "symdl.read.lhsdots.refuse_tuple_lhs": "needs the structure pass's nodes",
    "symdl.read.statements.comparison_positions": "needs the structure pass's nodes of the source it is given",
    "symdl.read.superscripts.is_labelled": "needs an AtomSpec read from the source it is given",
    "symdl.bind.capitals.inverse_capital": "needs a Binder, a placeholder id and the SymPy factor it built",
    "symdl.bind.capitals.factor_key": "needs a Binder and a SymPy factor it built",
    "symdl.bind.shifted.entry_definition": "needs the binder and a statement the reader built",
    "symdl.bind.gradby.call_argument": "needs the reader's placeholders (a call's arguments)",
    "symdl.bind.shifted.computed_role": "needs names the reader built (their subscripts' computed positions)",
    "symdl.bind.shifted.offset_letters": "needs the computed positions the reader built",
    "symdl.bind.guards.entries_fit": "needs bound statements and the read result they came from",
    "symdl.read.callforms.optimised_argument": "needs the reader's nodes of a bracket",
    "symdl.bind.origins.note_zero_based": "needs the binder and the families the statements index from 0",
    "symdl.numeric.shiftrange.shifted_window": "runs a callable of symdl's own (the lowering's array lengths)",
    "symdl.strides.extreme": "needs a dict of SymPy sum limits (index → bounds) read off SymPy, never text",
    "symdl.bind.guards.sides_agree": "needs the statements the binder built and the reader's result",
    "symdl.bind.families.family_dot": "needs a Binder and the SymPy objects it built",
    "symdl.bind.neighbours.neighbourhood_size": "needs a Binder and the placeholder it read",
    "symdl.bind.argsizes.argument_size": "needs a Binder and the placeholder it read",
    "symdl.bind.memberwise.member_norm": "needs a Binder and the SymPy objects it built",
    "symdl.bind.images.is_member": "needs a Binder and the SymPy objects it built",
    "symdl.bind.images.matrix_entry": "needs a Binder and the SymPy objects it built",
    "symdl.bind.memberwise.entry_of": "needs a Binder and the SymPy objects it built",
    "symdl.bind.memberrows.holds_members": "needs a Binder and the SymPy objects it built",
    "symdl.bind.memberrows.member_times_matrix": "needs a Binder and the SymPy objects it built",
    "symdl.bind.memberrows.row_times_vector": "needs a Binder and the SymPy objects it built",
    "symdl.bind.memberrows.concat_terms": "needs a Binder and the SymPy objects it built",
    "symdl.bind.memberrows.no_loose_concats": "needs a Binder and the SymPy objects it built",
    "symdl.bind.memberrows.member_inner": "needs a Binder and the SymPy objects it built",
    "symdl.bind.normmembers.member_calls_in_norm": "needs a Binder and the SymPy objects it built",
    "symdl.bind.normmembers.members_p_norm": "needs the SymPy entry, index and order a binder built; refuses text",
    "symdl.bind.memberimages.member_image": "needs a Binder, a call it read and the length a binder made",
    "symdl.bind.images.matrix_times_member": "needs a Binder and the SymPy objects it built",
    "symdl.bind.images.image_entry": "needs a Binder and the SymPy objects it built",
    "symdl.bind.images.row_times_image": "needs a Binder and the SymPy objects it built",
    "symdl.bind.images.member_left_side": "needs a Binder and the SymPy objects it built",
    "symdl.bind.images.no_loose_images": "needs a Binder and the SymPy objects it built",
    "symdl.bind.images.refuse_group_member": "needs a Binder and the SymPy objects it built",
    "symdl.bind.families.no_loose_vectors": "needs a Binder and the SymPy objects it built",
    "symdl.bind.families.no_added_members": "needs a Binder and the SymPy objects it built",
    "symdl.bind.families.family_norm": "needs a Binder and the SymPy objects it built",
    "symdl.bind.outers.members": "needs a Binder and a placeholder-level expression",
    "symdl.bind.outers.note_outer_members": "needs a Binder and the families it found",
    "symdl.bind.memberwise.whole_members": "needs a Binder and the SymPy objects it built",
    "symdl.bind.membersums.own_entries": "needs a Binder and the SymPy objects it built",
    "symdl.read.orders.differentiated": "needs the structure pass's nodes of the source it is given",
    "symdl.read.orders.mentions": "needs the structure pass's nodes of the source it is given",
    "symdl.bind.operators.over_entries": "needs a Binder and an AtomSpec it read",
    "symdl.read.words.is_acronym": "needs the structure pass's nodes of the source it is given",
    "symdl.read.matrixruns.matrix_run": "takes a run of letters and sets of letters the reader found, no text to read",
    "symdl.read.words.lone_capitals": "needs the structure pass's nodes of the source it is given",
    "symdl.read.words.entry_words": "needs the structure pass's nodes of the source it is given",
    "symdl.bind.newton.refuse_hessian_of_call": "needs a binder (its placeholders) and a product of its placeholders",
    "symdl.read.words.indexed_e": "needs the lexer's token of the caret in the source it is given",
    "symdl.read.fieldnames.field_name": "needs the structure pass's nodes of the source it is given",
    "symdl.read.bracketindex.word_entry": "needs the structure pass's nodes of the source it is given",
    "symdl.read.bracketindex.bracket_index": "needs an AtomSpec and the structure pass's nodes of the source",
    "symdl.read.textpasses.code_words": "needs the lexer's tokens of the source it is given, with that source",
    "symdl.read.bracketindex.no_chained_index": "needs the structure pass's nodes of the source it is given",
    "symdl.read.probability.statistic": "needs the structure pass's nodes and a reader",
    "symdl.read.probability.samples_apart": "needs a reader (the names earlier expectations drew)",
    "symdl.read.atomscripts.two_letter_step": "needs an atom read by the reader and its superscript's nodes",
    "symdl.read.atomscripts.identifier_tail": "needs the structure pass's nodes and the subscript's place in them",
    "symdl.bind.neighbours.implied_sets": "needs the reader's placeholder table and the sets its sums run over",
    "symdl.read.probability.primed": "needs the structure pass's nodes and the names to prime",
    "symdl.read.functionuse.functions_by_use": "needs the structure pass's nodes of the source it is given",
    "symdl.read.composition.refuse_unknown_inverse": "needs a reader and the structure pass's nodes",
    "symdl.read.powercall.refuse_power_call": "needs a reader and the structure pass's nodes",
    "symdl.bind.callvalue.vector_value": "needs a Binder and the call placeholder it read",
    "symdl.bind.entryargs.defined_rows_entry": "needs a Binder and the callee and arguments of a call it read",
    "symdl.bind.fnentry.defined_entry": "needs a Binder and the call and entry placeholders it read",
    "symdl.bind.fnentry.expression_entry": "needs a Binder, the call and entry placeholders it read and the entry formulas",
    "symdl.bind.fnentry.expression_entry_length": "needs the binder (its placeholders, converted on demand)",
    "symdl.bind.fnentry.vector_value": "needs a Binder and an argument node it read",
    "symdl.bind.valuekind.value_kind": "needs a Binder",
    "symdl.bind.valuekind.is_outer_product": "needs a Binder",
    "symdl.differentiate.local.rewrite_locally": "needs a backprop step's Context (named outputs, scale) built from "
    "SymPy statements, never text",
    "symdl.bind.build.convert": "needs the reader's placeholders",
    "symdl.bind.sums.reachable": "needs the reader's placeholders",
    "symdl.bind.build.first_position": "needs the reader's placeholders",
    "symdl.bind.build.span_of": "needs the reader's placeholders",
    "symdl.bind.sequences.sequence": "needs a Binder",
    "symdl.bind.seriespattern.read_series": "needs a Binder and the id of its dots placeholder",
    "symdl.bind.sidebyside.weight_before_bracket": "needs a Binder and a product over its placeholders",
    "symdl.bind.shapes.declared_shape": "needs an AtomSpec",
    "symdl.bind.names.entry_labels": "needs the reader's placeholders (its declared labels are Config.labels, checked)",
    "symdl.bind.shapes.seed_kind": "needs an AtomSpec",
    "symdl.chunk.reductions.mean_scale": "needs Sum limits",
    "symdl.chunk.relations.statement_relations": "needs chunk roots and a Context",
    "symdl.derive.evaluate.numeric_gradient": "needs a derivation Context",
    "symdl.derive.evaluate.numeric_identity": "needs a derivation Context",
    "symdl.derive.report.latex": "needs a derivation Context",
    "symdl.derive.report.parse_block": "needs a Block, a DerivationFile and a Context",
    "symdl.derive.verify.parse_block": "needs a Block, a DerivationFile and a Context",
    "symdl.derive.report.statement_latex": "needs a derivation Context",
    "symdl.differentiate.backprop.sum_over_samples": "needs a Sum",
    "symdl.differentiate.elementwise.from_scalar": "needs Entries",
    "symdl.differentiate.elementwise.to_scalar": "needs Entries",
    "symdl.differentiate.scalar.derive": "needs a walk state",
    "symdl.numeric.verdict.numeric_verdict": "needs resolve()'s objects",
    "symdl.chunk.algebra.value_at": "a SymPy expression and a point of SymPy Floats (never text)",
    "symdl.chunk.exact.values64": "a SymPy expression and float64 points (never text)",
    "symdl.numeric.directional.check_grads": "needs a numpy function",
    "symdl.pipeline.check_grads": "needs a numpy function",
    "symdl.check_grads": "needs a numpy function",
    "symdl.numeric.fd.move_off_kinks": "needs a kink function",
    "symdl.numeric.fd.numeric_jacobian": "needs a numpy function",
    "symdl.read.atoms.read_atom": "needs token nodes",
    "symdl.read.subguards.no_modulo_index": "needs a span into the source",
    "symdl.read.superscripts.classify_super": "needs token nodes",
    "symdl.read.sharedsteps.shared_step": "needs the formula's shared step letters and the rate letters",
    "symdl.read.sharedsteps.index_super": "needs the rate letters (a set) beside the source it scans",
    "symdl.read.labelsupers.super_label": "needs an AtomSpec and token nodes read from the source",
    "symdl.read.bracketindex.no_second_index": "needs an AtomSpec and token nodes read from the source",
    **{f"symdl.numeric.stable_logs.{fn}": "a numpy kernel, called by generated code on arrays only"
       for fn in ("symdl_xlogy", "symdl_xlog1py")},
    "symdl.read.labelsupers.apply_label": "needs an AtomSpec and token nodes",
    "symdl.read.labelindex.label_name": "needs an AtomSpec",
    "symdl.read.prefixes.prefix_name": "needs an AtomSpec",
    "symdl.bind.letters.gated_names": "needs a Binder (the bind stage's placeholders)",
    "symdl.read.bracketindex.refuse_code_lookup": "needs a bracket node read from the source",
    "symdl.chunk.marginloss.positive_weighted": "needs the read terms of a loss (SymPy expressions) and a Context",
    "symdl.read.callorproduct.called_capitals": "needs token nodes (the read stage's tree of the text)",
    "symdl.read.superscripts.apply_super": "needs token nodes and an AtomSpec",
    "symdl.read.superscripts.refuse_greek_step": "needs token nodes and their span in the source",
    "symdl.bind.names.family_key": "needs an AtomSpec (read from text by read_atom, never text itself)",
    "symdl.read.constructs.atom_at": "needs a reader and token nodes",
    "symdl.read.constructs.bracket_call": "needs a reader and token nodes",
    "symdl.read.constructs.find_close": "needs a reader and token nodes",
    "symdl.read.constructs.function_call": "needs a reader and token nodes",
    "symdl.read.constructs.split_top": "needs token nodes",
    "symdl.read.constructs.word_call": "needs a reader and token nodes",
    "symdl.read.lenient.repair_tokens": "needs tokens",
    "symdl.read.statements.declaration": "needs token nodes",
    "symdl.read.statements.real_dims": "needs token nodes (the set after \\in) and a span",
    "symdl.read.assertions.shape_assertion": "needs token nodes (a statement with \\in)",
    "symdl.read.statements.paren_depth_ok": "needs tokens",
    "symdl.read.statements.read_statement": "needs a reader and token nodes",
    "symdl.read.syntax.build_groups": "needs tokens",
    "symdl.read.syntax.mentions": "needs a Placeholder and the reader's placeholder table",
    "symdl.render.document.to_latex": "needs a derivation Report",
    "symdl.render.document.to_markdown": "needs a derivation Report",
    "symdl.render.embedded.document_lines": "needs a derivation Report",
    "symdl.render.document_pdf.to_pdf": "needs a derivation Report",
    "symdl.printers.printer_of": "looks a result object's printer up by its class name; no text is read",
    "symdl.render.jsonout.dump": "a payload made by symdl; text in it is only JSON-encoded (tests/test_cli_json.py)",
    "symdl.render.jsonout.verdict": "needs a check Verdict",
    "symdl.render.jsonout.steps": "needs a DerivationReport of check FILE",
    "symdl.render.jsonout.library": "needs the library's catalogue rows",
}


def _value(qualname: str, p: inspect.Parameter, tmp: Path) -> object:
    make = BY_NAME.get(f"{qualname}:{p.name}") or BY_NAME.get(p.name)
    if make is None:
        make = next((BY_TYPE[m] for m in _members(p.annotation) if m in BY_TYPE), None)
    if make is _chunk_context and not qualname.startswith("symdl.chunk."):
        make = None  # the derivation stage's Context is another class (listed in SKIPPED)
    if make is None:
        raise LookupError(p.name)
    return make(tmp)


def _required(sig: inspect.Signature) -> list[inspect.Parameter]:
    return [
        p for p in sig.parameters.values()
        if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]  # fmt: skip


def fillable(qualname: str, fn: Callable[..., Any], under_test: str, tmp: Path) -> bool:
    try:
        for p in _required(inspect.signature(fn)):
            if p.name != under_test:
                _value(qualname, p, tmp)
    except LookupError:
        return False
    return True


def cases() -> tuple[list[Any], set[str]]:
    out, unfillable = [], set()
    for qualname, fn in public_functions():
        if qualname.rsplit(".", 1)[0] in NOT_TEXT:
            continue
        if qualname.startswith("symdl.cli"):  # the command line is driven through main() below
            if qualname not in ("symdl.cli.check.verdict_text", "symdl.cli.parse.reading_text"):
                continue
        for p in inspect.signature(fn).parameters.values():
            kind = param_kind(p) if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) else None
            if kind is None or f"{qualname}:{p.name}" in NOT_TEXT:
                continue
            if not fillable(qualname, fn, p.name, Path("/nonexistent")):
                unfillable.add(qualname)
                continue
            out.extend(
                pytest.param(qualname, fn, p.name, kind, payload, id=f"{qualname}:{p.name}-{key}")
                for key, payload in HOSTILE.items()
            )
    return out, unfillable


CASES, UNFILLABLE = cases()


# --- the guard: nothing evaluates text -------------------------------------------------------------


#: ids of the targets -> module name -> (the module, its namespace's size when scanned, (attribute, target) pairs)
_SCANNED: dict[tuple[int, ...], dict[str, tuple[object, int, tuple[tuple[str, object], ...]]]] = {}


def _bindings(*targets: object) -> list[tuple[object, str, object]]:
    """Every (module, attribute, target) where a module holds one of ``targets``: patching them catches every caller.

    A module's namespace is scanned again only when it is new, replaced or has changed size (an import inside
    a call adds names); the attributes found are checked to still hold their target every time.  One pass over
    ``sys.modules`` (some 2 700 modules) serves all targets: this runs before each of ~4 400 calls.
    """
    scanned = _SCANNED.setdefault(tuple(map(id, targets)), {})
    found = []
    for name, module in list(sys.modules.items()):
        namespace = getattr(module, "__dict__", {})
        seen = scanned.get(name)
        if seen is None or seen[0] is not module or seen[1] != len(namespace):
            held = tuple((attr, value) for attr, value in list(namespace.items()) if any(value is t for t in targets))
            seen = scanned[name] = (module, len(namespace), held)
        if seen[2]:
            found.extend((module, attr, t) for attr, t in seen[2] if namespace.get(attr) is t)
    return found


SYMPIFY = sys.modules["sympy.core.sympify"].sympify
PARSE_EXPR = sys.modules["sympy.parsing.sympy_parser"].parse_expr


@contextlib.contextmanager
def text_evaluation_recorded() -> Iterator[list[str]]:
    """Record every string that reaches a non-strict sympify/parse_expr, or eval/exec/compile."""
    seen: list[str] = []
    real_sympify, real_parse_expr = SYMPIFY, PARSE_EXPR  # before the patching (this module holds them too)
    real = {"eval": builtins.eval, "exec": builtins.exec, "compile": builtins.compile}

    def sympify(a: Any, *args: Any, **kw: Any) -> Any:
        if isinstance(a, str) and not NUMERAL.fullmatch(a) and not kw.get("strict", len(args) > 2 and args[2]):
            seen.append(f"sympify({a!r})")
        return real_sympify(a, *args, **kw)

    def parse_expr(s: Any, *args: Any, **kw: Any) -> Any:
        if not (isinstance(s, str) and NUMERAL.fullmatch(s)):
            seen.append(f"parse_expr({s!r})")
        return real_parse_expr(s, *args, **kw)

    def evaluator(name: str) -> Callable[..., Any]:
        def run(source: Any, *args: Any, **kw: Any) -> Any:
            if isinstance(source, str | bytes) and any(m in str(source) for m in MARKERS):
                seen.append(f"{name}({source!r})")
            if name != "compile" and not args and "globals" not in kw:  # keep the caller's namespace
                frame = sys._getframe(1)
                args = (frame.f_globals, frame.f_locals)
            return real[name](source, *args, **kw)

        return run

    with contextlib.ExitStack() as stack:
        for module, attr, target in _bindings(SYMPIFY, PARSE_EXPR):
            stack.enter_context(mock.patch.object(module, attr, sympify if target is SYMPIFY else parse_expr))
        for name in real:
            stack.enter_context(mock.patch.object(builtins, name, evaluator(name)))
        yield seen


def _wrong_type(exc: BaseException) -> bool:
    if isinstance(exc, TypeError | sympy.SympifyError):  # SympifyError: strict sympify refused the text
        return True
    return isinstance(exc, AttributeError) and str(exc).startswith("'str' object has no attribute")


def _call(fn: Callable[..., Any], args: Any, kwargs: dict[str, Any]) -> BaseException | None:
    try:
        fn(*args, **kwargs)
    except Exception as exc:  # judged by the caller
        return exc
    return None


@pytest.mark.parametrize(("qualname", "fn", "param", "kind", "payload"), CASES)
def test_hostile_text_is_never_evaluated(
    qualname: str, fn: Callable[..., Any], param: str, kind: str, payload: str, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    canary = tmp_path / "CANARY"
    hostile = payload.replace("{canary}", str(canary))
    sig = inspect.signature(fn)
    kwargs = {p.name: _value(qualname, p, tmp_path) for p in _required(sig) if p.name != param}
    kwargs[param] = {"seq": [hostile], "map": {hostile: MAP_VALUES.get(param, 1.0)}}.get(kind, hostile)
    star = next((p.name for p in sig.parameters.values() if p.kind == p.VAR_POSITIONAL), None)
    args = BY_NAME[f"{qualname}:{star}"](tmp_path) if f"{qualname}:{star}" in BY_NAME else ()
    with text_evaluation_recorded() as seen:
        exc = _call(fn, args, kwargs)
    assert not canary.exists(), f"{qualname}({param}=...) ran the payload"
    assert seen == [], f"{qualname}({param}=...) handed text to an evaluator: {seen[:3]}"
    if exc is None or isinstance(exc, SymdlError):
        return
    assert kind == "loose" and _wrong_type(exc), f"{qualname}({param}=...) raised {type(exc).__name__}: {exc}"


def test_skipped_functions_are_listed() -> None:
    """Every function the harness cannot call is listed with its reason, and no function it can call is."""
    assert UNFILLABLE - set(SKIPPED) == set(), "give these parameters a value in BY_NAME/BY_TYPE, or list them"
    existing = {name for name, _ in public_functions()}
    assert (set(SKIPPED) & existing) - UNFILLABLE == set(), "these are callable now: remove them from SKIPPED"


def test_the_harness_sees_the_entry_points() -> None:
    called = {c.values[0] for c in CASES}
    for name in ("symdl.pipeline.parse", "symdl.numeric.lambdify.lambdify", "symdl.numeric.check.check_gradient",
                 "symdl.differentiate.core.diff", "symdl.numeric.program.compile_expr", "symdl.read.read"):  # fmt: skip
        assert name in called


# --- the guard itself works: it sees a real evaluation ---------------------------------------------


def test_the_guard_sees_sympify_of_text(tmp_path: Path) -> None:
    with text_evaluation_recorded() as seen:
        sympy.sympify("x + 1")
        sympy.S("y")
    assert len([s for s in seen if s.startswith("sympify")]) >= 1 and any("parse_expr" in s for s in seen)


def test_the_guard_sees_eval_of_a_payload() -> None:
    with text_evaluation_recorded() as seen:
        builtins.eval("len('CANARY')")
    assert seen == ["eval(\"len('CANARY')\")"]


# --- values inside arguments, and the command line ---------------------------------------------------

SYSTEM = "z = w x + b \\\\ a = \\sigma(z) \\\\ J = (a - y)^2"

#: (id, a call with the hostile text ``h`` inside a container or a second argument)
NESTED: list[tuple[str, Callable[[str], object]]] = [
    ("lambdify-symbols", lambda h: symdl.numeric.lambdify(Z**2, [h])),
    ("lambdify-function-impl", lambda h: symdl.lambdify("g(z)", functions={"g": h})),
    ("lambdify-function-name", lambda h: symdl.lambdify("g(z)", functions={h: np.tanh})),
    ("call-value", lambda h: symdl.lambdify("z^2")(z=h)),
    ("call-keyword", lambda h: symdl.lambdify("z^2")(**{h: 1.0})),
    ("parse-shape-dims", lambda h: symdl.parse("W x", shapes={"W": (h, 3)})),
    ("parse-shape-name", lambda h: symdl.parse("W x", shapes={h: (3, 3)})),
    ("check-shape-dims", lambda h: symdl.check_gradient("z^2", "z", "2z", shapes={"z": (h,)})),
    ("check-point-value", lambda h: symdl.check_gradient("z^2", "z", "2z", at={"z": h})),
    ("check-wrt", lambda h: symdl.check_gradient("z^2", h, "2z")),
    ("diff-wrt", lambda h: symdl.diff("z^2", h)),
    ("diff-wrt-in-list", lambda h: symdl.diff("z^2", [h])),
    ("backprop-loss", lambda h: symdl.differentiate.backprop(symdl.parse(SYSTEM), loss=h)),
    ("backprop-params", lambda h: symdl.differentiate.backprop(symdl.parse(SYSTEM), params=[h])),
    ("compare-second", lambda h: symdl.compare("v = \\beta v + (1-\\beta) dW", h)),
]


@pytest.mark.parametrize("key", HOSTILE)
@pytest.mark.parametrize(("name", "call"), NESTED, ids=[n for n, _ in NESTED])
def test_hostile_text_inside_arguments_is_never_evaluated(
    name: str, call: Callable[[str], object], key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    canary = tmp_path / "CANARY"
    with text_evaluation_recorded() as seen:
        exc = _call(call, (HOSTILE[key].replace("{canary}", str(canary)),), {})
    assert not canary.exists() and seen == [], seen[:3]
    assert exc is None or isinstance(exc, SymdlError), f"{name}: {type(exc).__name__}: {exc}"


#: (id, argv with ``{h}`` for the hostile text and ``{file}`` for a file holding it)
CLI = [
    ("parse", ["parse", "{h}"]),
    ("parse-lenient", ["parse", "--lenient", "{h}"]),
    ("parse-stdin", ["parse", "-"]),
    ("explain-json", ["explain", "--format", "json", "{h}"]),
    ("compare-a", ["compare", "{h}", "v = \\beta v + (1-\\beta) dW"]),
    ("compare-b", ["compare", "v = \\beta v + (1-\\beta) dW", "{h}"]),
    ("check-formula", ["check", "{h}", "--wrt", "z", "--claim", "2z"]),
    ("check-wrt", ["check", "z^2", "--wrt", "{h}", "--claim", "2z"]),
    ("check-claim", ["check", "z^2", "--wrt", "z", "--claim", "{h}"]),
    ("check-shape", ["check", "z^2", "--wrt", "z", "--claim", "2z", "--shape", "{h}"]),
    ("check-shape-dims", ["check", "W x", "--wrt", "x", "--claim", "W^T", "--shape", "W={h}"]),
    ("check-file", ["check", "{file}"]),
    ("check-loss", ["check", "{system}", "--loss", "{h}"]),
    ("derive-name", ["derive", "{h}"]),
    ("derive-file", ["derive", "{file}"]),
    ("derive-output", ["derive", "sigmoid", "-o", "{h}"]),
]


@pytest.mark.parametrize("key", HOSTILE)
@pytest.mark.parametrize(("name", "argv"), CLI, ids=[n for n, _ in CLI])
def test_the_command_line_never_evaluates_hostile_text(
    name: str, argv: list[str], key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    from symdl.cli import main

    monkeypatch.chdir(tmp_path)
    canary = tmp_path / "CANARY"
    hostile = HOSTILE[key].replace("{canary}", str(canary))
    (tmp_path / "hostile.tex").write_text(hostile + "\n", encoding="utf-8")
    (tmp_path / "system.tex").write_text(SYSTEM.replace("\\\\", "\n") + "\ndJ = 2(a - y)\n", encoding="utf-8")
    fill = {"{h}": hostile, "{file}": str(tmp_path / "hostile.tex"), "{system}": str(tmp_path / "system.tex")}
    args = [fill.get(a, a.replace("{h}", hostile)) for a in argv]
    monkeypatch.setattr(sys, "stdin", io.StringIO(hostile))
    with text_evaluation_recorded() as seen:
        try:
            code = main(args)
        except SystemExit as exc:  # argparse refusing an option value
            code = exc.code
    err = capsys.readouterr().err
    assert not canary.exists() and seen == [], seen[:3]
    assert code in (0, 1, 2, 3), err
    assert "Traceback" not in err
