"""Code's square-bracket index after a name (``x[class]``, ``h[t-1]``, ``x[2i+1]``), and its refusal after a name that
already has a subscript (``x_{rot}[2i]``): the ``bracket-index`` row of the README's reading table."""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from symdl.errors import NotSupported, Span
from symdl.read.syntax import AtomSpec, Group, Node, SubscriptSpec, is_group, plain_text, runs_over

#: code's entry of another array inside the brackets, the PyTorch docs' x[y[j]]: x's entry at the label y_j
_LABEL_ENTRY = re.compile(r"([a-z])\[([^\[\]]+)\]")
#: a negative index, counted from the end in Python (x[-1], activations[-l-1])
_FROM_END = re.compile(r"-(?:\d+|[a-z](?:[+-]\d+)?)")
#: x[class], h[t-1], f[layer-1], CleanRL's b_values[mb_inds] (a snake_case index)
_BRACKET_INDEX = re.compile(r"[A-Za-z]+(?:_[A-Za-z0-9]+)*(?:[+-]\d+)?|\d*[A-Za-z](?:[+-]\d+)?|\d+")


def no_second_index(spec: AtomSpec, nodes: list[Node], i: int, j: int, source: str) -> None:
    """``x_{rot}[2i]``, ``x_i[2]``: an index in square brackets (code's entry) right after a name that already has a
    subscript is an entry of a labelled array or a product with a bracket; refused, never guessed (it was read as
    the product ``2i·x_{rot}``)."""
    if bracket_index(replace(spec, sub=None), nodes, j, source) is None:
        return
    name = source[nodes[i].span.start : nodes[j - 1].span.end]
    raise NotSupported(
        f"square brackets right after the subscripted name {name}: an entry, as code writes it, or a product",
        source=source,
        span=Span(nodes[i].span.start, nodes[j].span.end),
        hint="for an entry write one subscript (x_{2i}); for a product put \\cdot before the bracket",
    )


def label_entry(spec: AtomSpec, nodes: list[Node], j: int, written: str = "") -> tuple[SubscriptSpec, int] | None:
    """The PyTorch docs' ``\\text{kernel\\_size}[0]``, ``decayed\\_learning\\_rate[i]``: a code identifier joined by
    escaped underscores (a word with a word label) indexed by square brackets touching it is that identifier's entry,
    a name of its own (``kernel_{size[0]}``), as ``\\text{padding}[0]`` is ``padding_0``; the subscript and the index
    (before: refused as a second index after a subscript)."""
    node = _touching_bracket(nodes, j)
    label = spec.sub.text if spec.sub is not None else ""
    identifier = spec.word or "word-subscript" in spec.readings or bool(  # code's w_avg[k] (FedAvg), as ``written``
        re.match(r"[A-Za-z]+_[a-z]{2,}\[", written))  # from the name on: one identifier, no brace
    if node is None or not identifier or not re.fullmatch(r"[A-Za-z]{2,}(?:_[A-Za-z0-9]+)*", label):
        return None
    inside = "".join(plain_text(node.children).split())
    if not _BRACKET_INDEX.fullmatch(inside):
        return None
    return SubscriptSpec(f"{label}[{inside}]", None), j + 1


def _touching_bracket(nodes: list[Node], j: int) -> Group | None:
    """The square brackets at ``nodes[j]`` when they touch the node before them (code's ``x[i]``, not ``x [i]``)."""
    node = nodes[j] if 0 < j < len(nodes) else None
    return node if is_group(node, "bracket") and node.span.start == nodes[j - 1].span.end else None  # type: ignore[return-value]


def no_chained_index(nodes: list[Node], i: int, j: int, source: str) -> None:
    """``ps[t][targets[t]]``, ``x[i][j]``: a second bracket right after a bracket index is code's entry of an entry
    (a row, then its entry); refused, never guessed (it was read as the product ``ps_t·targets_t``)."""
    node = _touching_bracket(nodes, j)
    if node is None:
        return
    raise NotSupported(
        "a second index in square brackets right after an entry: code's entry of an entry (x[i][j])",
        source=source,
        span=Span(nodes[i].span.start, node.span.end),
        hint="write the entry with one subscript, x_{ij}, or name the row first: r = x[i], then r[j]",
    )


def word_entry(word: str, nodes: list[Node], j: int, source: str = "") -> bool:
    """Is the bracket ``nodes[j]`` an index of the lower-case word before it (Karpathy's min-char-rnn ``hs[t]``,
    ``xs[t]``, ``ps[t]``; the PyTorch docs' ``stride[0]``): touching it, holding one letter, word or number (with an
    offset), after a word that names no function or statistic?  Code's entry of a list or array, not a call
    ``hs(t)``."""
    from symdl.functions import KNOWN_FUNCTIONS
    from symdl.read.probability import BRACKET_STATISTICS

    node = _touching_bracket(nodes, j)
    if node is None:
        return False
    bare = word.replace("\\_", "").replace("_", "")  # the PyTorch docs' \text{kernel\_size}[0]: one word
    if not (len(word) >= 2 and word.isascii() and bare.isalpha() and bare.islower()):
        return False
    inside = "".join(plain_text(node.children).split())
    if FANCY_INDEX.fullmatch(inside):
        return True  # cs231n's probs[range(num_examples), y]: one entry per row (bracket_index)
    if word in BRACKET_STATISTICS and inside.isalpha() and inside.islower() and (
            runs_over(source, inside, "sum") or _indexes_others(source, inside, BRACKET_STATISTICS)):
        return True  # GaussianNLLLoss's \sum_{i=1}^D ... \text{var}[i]: entry i of var, as input[i], not Var(i);
        # torchvision's Normalize, (\text{input}[c] - \text{mean}[c]) / \text{std}[c]: channel c's mean and std
    if word in KNOWN_FUNCTIONS or word in BRACKET_STATISTICS or word == "expectation":
        return False
    return bool(_BRACKET_INDEX.fullmatch("".join(plain_text(node.children).split())))


def _indexes_others(source: str, letter: str, statistics: dict[str, str]) -> bool:
    """Does the formula index another word (no statistic) by ``letter`` in square brackets (``\\text{input}[c]``)?"""
    words = re.findall(r"([A-Za-z]+)\}?\s*\[\s*" + re.escape(letter) + r"\s*\]", source)
    return any(w not in statistics for w in words)


#: numpy's fancy index of one entry per row: cs231n's probs[range(num_examples), y], dscores[np.arange(N), y]
FANCY_INDEX = re.compile(  # N, the label y (Karpathy's makemore: Y, Yb)
    r"(?:np\.|torch\.)?a?range\((\w+|\\text\{[\w.]+\}\{\d+\}|len\([^()]+\))\),([a-z][a-z0-9_]*|[A-Z](?:[a-z][A-Za-z0-9_]*)?)")
#: (the range's argument: a name, code's size target.shape[0] as symdl.read.codesizes spells it, or len(y_hat))


def _fancy(text: str, source: str) -> SubscriptSpec | None:
    """``range(N), y`` as the positions ``n, y_n`` (row n, at the label y_n), a row letter the formula does not use."""
    m = FANCY_INDEX.fullmatch(text)
    if m is None:
        return None
    row = next((c for c in "nijk" if c != m.group(2) and not re.search(rf"(?<![A-Za-z\\]){c}(?![A-Za-z])", source)),
               None)
    return None if row is None else SubscriptSpec(f"{row},{m.group(2)}_{row}", None,
                                                  positions=((row, ""), (m.group(2), row)))


#: Ng's layer names written as plain text with the layer in square brackets: dZ[2], A[1], W[l+1]
_NG_BRACKET = re.compile(r"(?<![A-Za-z\\])d?[WZA]\[\s*(?:\d+|[lL](?:\s*[+-]\s*1)?)\s*\]")
#: the names that carry such a layer: weights, biases, pre-activations, activations and their gradients
_NG_LAYER_NAMES = frozenset({"W", "b", "Z", "A", "z", "a", "dW", "db", "dZ", "dA", "dz", "da"})
_LAYER_TEXT = re.compile(r"\d+|[lL](?:[+-]1)?")


@functools.lru_cache(maxsize=64)
def _bracket_layers(source: str) -> bool:
    """Does the formula write Ng's layers in square brackets as plain text (``dZ[2] = A[2] - Y``)?"""
    return _NG_BRACKET.search(source) is not None


def bracket_layer(spec: AtomSpec, nodes: list[Node], j: int, source: str) -> str | None:
    """The layer of Ng's plain-text ``dZ[2]``, ``A[1]``, ``b[l]``: square brackets right after one of a layer's
    names (W, b, Z, A, dW, db, dZ, dA, z, a), with no space, holding a digit or l, L (with an offset), in a formula
    where a capital or its gradient is written so (noted ``bracket-layer``).  The course's typeset ``dZ^{[2]}``
    flattened to text; before, the bracket was a call dZ(2) or a product 2·A.  Code's ``x[1]`` stays an entry."""
    if spec.greek or spec.decorations or spec.bold:
        return None
    return layer_after(spec.base, nodes, j, source)


def layer_after(name: str, nodes: list[Node], j: int, source: str) -> str | None:
    """The layer in the bracket ``nodes[j]`` right after the layer name ``name`` (see :func:`bracket_layer`)."""
    node = _touching_bracket(nodes, j)
    if node is None or name not in _NG_LAYER_NAMES or not _bracket_layers(source):
        return None
    text = "".join(plain_text(node.children).split())
    return text if _LAYER_TEXT.fullmatch(text) else None


def no_index_from_end(name: str, node: Node | None, source: str) -> None:
    """Refuse code's negative index in square brackets touching a name (Python's ``x[-1]``, the last entry; Nielsen's
    ``activations[-l-1]``, a layer counted from the output): read as the entry or call of ``-1`` it was wrong."""
    if not isinstance(node, Group) or node.kind != "bracket":
        return
    text = "".join(plain_text(node.children).split())
    if _FROM_END.fullmatch(text):
        raise NotSupported(
            f"code's index {text} from the end of {name} (Python's x[-1] is the last entry, Nielsen's "
            "activations[-l-1] a layer counted from the output)",
            source=source, span=node.span,
            hint="name the entry or layer: a^{L-l-1}, or x_n for the last of n")


#: a capital's entry written as code: A[i,j] (the TensorFlow docs' matmul, C[i,k] = \sum_j A[i,j] * B[j,k])
_CAPITAL_ENTRIES = re.compile(r"(?<![A-Za-z\\])[A-Z]\[\s*[a-z](?:\s*,\s*[a-z])+\s*\]")


def bracket_index(spec: AtomSpec, nodes: list[Node], j: int, source: str = "") -> SubscriptSpec | None:
    """``x[j]``, ``x[class]``, ``y[i+1]``: square brackets right after a lower-case Latin name (no space), holding
    one letter, word or number (with an offset), index it as code and the PyTorch docs do.  A word inside is one
    index (``class``), not letters; an entry of a one-letter name (``x[y[j]]``, MultiLabelMarginLoss) is the label
    index ``x_{y_j}`` (noted ``label-entry`` as cs231n's ``s_{y_i}``); a position computed from a summed letter
    (``x[i*s + k]`` under ``\\sum_k``) is that entry; anything else in the brackets (``w [y \\log x]``, ``a[b+c]``) is
    a product.  Where the source applies its known functions with square brackets (Prince's ``\\exp[-z]``), a
    bracket holding anything but a number is an application (:func:`symdl.read.bracketcall.bracket_style`)."""
    from symdl.read.atoms import parse_subscript  # here: atoms reads names with this module
    from symdl.read.bracketcall import bracket_style  # here: bracketcall reads calls, which read names

    node = _touching_bracket(nodes, j)
    if node is None:
        return None
    text = "".join(plain_text(node.children).split())
    capital = (spec.base[:1].isupper() and len(spec.base) == 1 and not spec.greek and not spec.decorations
               and not spec.bold)
    if capital and (computed := _computed(node.children, text, source)) is not None:
        return computed  # Adafactor-style D[ib + k] under \sum_k: a capital's entry at a computed position
    letters = text.split(",")
    if capital and len(letters) >= 2 and all(re.fullmatch(r"[a-z]", x) for x in letters) and (
            any(runs_over(source, x, "sum") for x in letters) or len(_CAPITAL_ENTRIES.findall(source)) >= 2):
        return parse_subscript(text)  # the TF docs' \sum_j A[i,j] * B[j,k]: entry (i, j) of the matrix A
    if (spec.greek and not text.isdigit()) or not spec.base.islower() or not spec.base.isascii():
        return None  # the cuDNN docs' alpha[0]*result: a Greek letter's entry by a number (before: α times [0])
    if not text.isdigit() and bracket_style(source):
        return None  # Prince's a[z] beside \mathrm{ReLU}[z]: the source applies functions so (symdl.read.bracketcall)
    if (fancy := _fancy(text, source)) is not None:  # d2l's y_hat[range(len(y_hat)), y] (decorated) too
        spec.readings += ("code-fancy-index",)  # cs231n's probs[range(N), y]: entry y_n of each row n (noted)
        return fancy
    if spec.decorations:
        return None
    no_index_from_end(spec.base, node, source)
    if spec.word and not word_entry(spec.base, nodes, j, source):
        return None
    if (label := _LABEL_ENTRY.fullmatch(text)) and _BRACKET_INDEX.fullmatch(label.group(2)):
        inner = label.group(2) if len(label.group(2)) == 1 else f"{{{label.group(2)}}}"
        return parse_subscript(f"{label.group(1)}_{inner}")  # x[y[j]]: x_{y_j}, a label index
    if not _BRACKET_INDEX.fullmatch(text):
        return _computed(node.children, text, source)

    if text.isalpha() and len(text) > 1:
        return SubscriptSpec(text, ((text, 0),))
    return SubscriptSpec(text, None) if text.isdigit() else parse_subscript(text)


def _computed(children: list[Node], text: str, source: str) -> SubscriptSpec | None:
    """``x[i*s + k]``, ``x[i + k]`` under ``\\sum_k`` (a strided or shifted convolution as code writes it): a position
    computed from letters one of which a sum or a max runs over, read as the subscript ``x_{i*s+k}``; else None (a
    product with a bracket, ``a[b+c]``)."""
    from symdl.read.linearsub import term_letters, written_positions

    linear = written_positions(children)
    letters = {x for coeffs, _ in linear or () for name, _ in coeffs for x in term_letters(name)}
    if linear is None or not any(runs_over(source, x, "sum|prod|max|min") for x in letters):
        return None
    return SubscriptSpec(text, None, linear=linear)


#: a code identifier of words joined by underscores (token_ids, input_ids), escaped or not
_CODE_WORD = re.compile(r"[a-z]{2,}(?:\\?_[a-z]{2,})+")


def letter_lookup(spec: AtomSpec, nodes: list[Node], j: int) -> bool:
    """``\\text{Embedding}(x) = W[x]``: an embedding table's capital (E, W), plain, with square brackets touching it
    that hold one lower-case name: read as the product W·x, as TeX's brackets group, but noted (``bracket-lookup``):
    code writes the table's row picked by that index so.  ``W [x]`` with a space and ``W[x + b]`` are not noted."""
    node = _touching_bracket(nodes, j)
    if node is None or spec.base not in ("E", "W") or spec.sub is not None or spec.bold or spec.decorations \
            or spec.layer:
        return False
    inside = "".join(plain_text(node.children).split())
    return re.fullmatch(r"[a-z]|[a-z]+(?:\\?_[a-z]+)*", inside) is not None


def refuse_code_lookup(name: str, group: Node, source: str, span: Span) -> None:
    """``E[token_ids]``: an embedding table's letter (E, W) before a bracket holding a code identifier of words is a
    row lookup (the table indexed by token ids), not the expectation of the identifier; refused by name (it read as
    E(token_ids))."""
    if name in ("E", "W") and _CODE_WORD.fullmatch("".join(plain_text(group.children).split())):  # type: ignore[union-attr]
        raise NotSupported(
            f"{source[span.start : span.end]}: the rows of the matrix {name} picked by the indices in "
            f"{plain_text(group.children).strip()} (an embedding lookup), which symdl does not read",  # type: ignore[union-attr]
            source=source, span=span,
            hint="name the looked-up vectors (\\mathbf{e}_i = \\mathbf{E}^\\top \\mathbf{x}_i with x_i one-hot), or "
            "write the expectation with \\mathbb{E}[...]")
    _refuse_code_positions(name, group, source, span)


#: Python's None among the positions of an index (numpy's new axis), or positions that are code identifiers
_CODE_POSITION = re.compile(r"None|[A-Za-z]+_[A-Za-z0-9_]+|:")


def _refuse_code_positions(name: str, group: Node, source: str, span: Span) -> None:
    """``probs[token_idx, expert_idx, None]``: code's array indexed at several positions, one of them a code
    identifier, ``None`` (a new axis) or a slice; refused by name (it read as a call probs(token_idx, ...))."""
    from symdl.read.constructs import split_top  # constructs reads brackets with this module

    parts = ["".join(plain_text(p).split()) for p in split_top(group.children, ",")]  # type: ignore[union-attr]
    if len(parts) > 1 and any(_CODE_POSITION.fullmatch(p) for p in parts) and name[:1].islower():
        raise NotSupported(
            f"{source[span.start : span.end]}: code's array {name} indexed at several positions "
            f"({', '.join(parts)}), which symdl does not read",
            source=source, span=span,
            hint="write the entry as a subscript (p_{t,e}), or name the gathered values first")

