"""Fuzz inputs: the real seed formulas and grammar-aware ways of breaking them.

Every generator is a function of a :class:`random.Random`, so the same code drives the
hypothesis tests (``st.randoms()``, shrinkable and derandomised in CI) and the long
command-line run (:mod:`benchmarks.fuzz`, plain seeded RNGs in worker processes).

Sources of formulas, in order:

* :data:`SEED_FORMULAS`: the formulas of the seed texts 000/003/004 as printed;
* every LaTeX-looking string literal of ``tests/test_read_seeds.py`` and
  ``tests/test_read_notations.py`` (read with :mod:`ast`, nothing imported);
* when present, ``\\[...\\]`` / ``\\(...\\)`` blocks of ``/work/shared/seeds/*.txt`` and the
  machine-garbled parenthesised formulas of seed 001 (real bad input).
"""

from __future__ import annotations

import ast
import random
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = Path("/work/shared/seeds")

#: The seed formulas as printed (000, 003, 004), so the corpus never depends on other files.
SEED_FORMULAS: tuple[str, ...] = (
    r"v_t = \gamma v_{t-1} + \eta \nabla_{\theta} J(\theta) \\ \theta = \theta – v_t",
    r"v = \beta v + (1-\beta) dW \\ W = W – \alpha v",
    r"s = \beta s + (1-\beta) dW^2 \\ W = W – \alpha \frac{dW}{\sqrt s}",
    r"v = \beta_1 v + (1-\beta_1) dW \\ s = \beta_2 s + (1-\beta_2) dW^2 "
    r"\\ W = W – \alpha \frac{v}{\sqrt s + \epsilon}",
    r"\frac{e^{z_i}}{\sum_j{e^{z_j}}}",
    r"score(\mathbf{h}_t,\bar{\mathbf{h}_s}) = \mathbf{h}_t^T \mathbf{W}\bar{\mathbf{h}_s}",
    r"\alpha_{ts} = \frac{exp(score(\mathbf{h}_t,\bar{\mathbf{h}_s}))}"
    r"{\sum_{s’=1}^{S}{score(\mathbf{h}_t,\bar{\mathbf{h}_{s’}})}}",
    r"\mathbf{c}_t= \sum_s{\alpha_{ts} \bar{\mathbf{h}_s}}",
    r"\mathbf{a}_t = tanh(\mathbf{W_c} [ \mathbf{c}_t ; \mathbf{h}_t])",
    r"\mathbf{P} = \left[\begin{array}{rrr} 0 & 0 & 1 \\ 1 & 0 & 0 \\ 0 & 1 & 0 \end{array}\right]",
    r"\text{MSE} = \frac{1}{n} \sum_{i=1}^n (y_i - \tilde{y}_i)^2",
    r"-y \log \hat{y} - (1 - y) \log(1 - \hat{y})",
    r"\mathbf{w} \leftarrow \mathbf{w} - \underbrace{\eta}_{\text{step size}} "
    r"\underbrace{\nabla_{\mathbf{w}} \text{TrainLoss}(\mathbf{w})}_{\text{gradient}}",
    r"\sigma(x) = \frac{1}{1+e^{-x}}",
    r"\sigma'(x) = \sigma(x)(1 - \sigma(x))",
    r"\text{ReLU}(x) = \max(0, x)",
    r"Z^{[1]} = W^{[1]} X + b^{[1]} \\ A^{[1]} = g^{[1]}(Z^{[1]}) \\ Z^{[2]} = W^{[2]} A^{[1]} + b^{[2]} "
    r"\\ \hat{y} = \sigma(Z^{[2]})",
    r"J = -\frac{1}{m} \sum_{i=1}^m \left( y^{(i)} \log \hat{y}^{(i)} + (1-y^{(i)}) \log(1-\hat{y}^{(i)}) \right)",
    r"dZ^{[1]} = W^{[2]T} dZ^{[2]} \odot g^{[1]\prime}(Z^{[1]})",
    r"dW^{[2]} = \frac{1}{m} dZ^{[2]} A^{[1]T}",
    r"\theta = \theta - \alpha \frac{\partial J}{\partial \theta}",
)

#: Text that must never be executed (the canary path is substituted by the caller).
HOSTILE_TEMPLATES: tuple[str, ...] = (
    r"\text{__import__('os').system('touch {canary}')}",
    r"\mathrm{__import__('os').system('touch {canary}')}(x)",
    r"\operatorname{__import__}('os').system('touch {canary}')",
    r"\mathrm{eval}(x)",
    r"\mathrm{exec}(x) + \text{exec}",
    r"exec(open('{canary}','w').write('x'))",
    r"eval(\text{open('{canary}','w')})",
    r"\text{open('{canary}', 'w')}",
    r"x + \text{__builtins__['exec']('import os; os.system(\"touch {canary}\")')}",
    r"\text{(lambda: __import__('subprocess').call(['touch', '{canary}']))()}",
    r"\write18{touch {canary}}",
    r"\input{/etc/passwd} + \include{{canary}}",
    r"\immediate\write18{touch {canary}}",
    r"\def\x{y} \x + \newcommand{\foo}{bar} \catcode`\@=11",
    r"\text{{0.__class__.__mro__}} = x.__class__",
    r"\text{Symbol('x')} + Function('f')(x) + \mathrm{sympify}('__import__(\"os\")')",
    r"\mathrm{lambda}: x + \text{import} + \mathrm{if} + \mathrm{None} + \mathrm{True}",
    r"E + I + S + N + O + Q + pi + oo + zoo + nan + \mathrm{oo} + \mathrm{zoo}",
    r"\text{${IFS}touch${IFS}{canary}} + \text{`touch {canary}`} + \text{$(touch {canary})}",
    r"\frac{\text{__import__('os').system('touch {canary}')}}{\sum_j e^{z_j}}",
    r"f(x) = \text{os.system('touch {canary}')} \\ \nabla_x f(x)",
)

#: Pieces inserted by token mutations (LaTeX a DL text really contains, and things it should not).
TOKENS: tuple[str, ...] = (
    *"xyzWvsabijtmnkT0123456789+-*/=^_{}()[]|,;.'!&<> ",
    r"\frac",
    r"\sum",
    r"\sqrt",
    r"\alpha",
    r"\beta",
    r"\mathbf",
    r"\hat",
    r"\bar",
    r"\tilde",
    r"\left(",
    r"\right)",
    r"\left[",
    r"\right]",
    r"\left\|",
    r"\right\|",
    r"\odot",
    r"\cdot",
    r"\times",
    r"\\",
    r"\nabla",
    r"\partial",
    r"\leftarrow",
    r"\to",
    r"\mapsto",
    r"\in",
    r"\mathbb{R}",
    r"\prod",
    r"\begin{pmatrix}",
    r"\end{pmatrix}",
    r"\begin{bmatrix}",
    r"\end{bmatrix}",
    r"\text{ReLU}",
    r"\text{softmax}",
    r"\log",
    r"\exp",
    r"\max",
    r"\min",
    r"\tanh",
    r"\sigma",
    r"\epsilon",
    r"\lambda",
    r"^T",
    r"^{-1}",
    r"^{(i)}",
    r"^{[1]}",
    r"_{t-1}",
    r"\prime",
    r"\underbrace",
    r"\overbrace",
    r"\operatorname{tr}",
    r"\mathcal{L}",
    r"\|",
    r"\infty",
    r"\int",
    r"\lim",
    r"\dots",
    r"\quad",
    r"\,",
    r"\!",
    r"\;",
    r"\mathrm{d}",
    r"\delta",
    r"\mathbb{E}",
    r"\sim",
    r"\approx",
    r"\le",
    r"\neq",
    "−",
    "–",
    "’",
    "α",
    "∑",
    "∂",
    "∇",
    "⊙",
    "·",
    "×",
    "²",
    "₁",
    "𝐱",
    "\n",
    "\t",
    "\u200b",
    "\x00",
)

#: Unicode drawn on by the random-unicode generator: math, combining, RTL, control, astral, surrogates.
UNICODE_POOL: tuple[str, ...] = (
    "αβγδεθλμσφωΣΠΔ∇∂∑∏√∞≈≠≤≥∈∉⊙⊗·×÷±∓−–—’‘“”…²³¹⁻⁺₀₁₂ᵀ",
    "𝐱𝐲𝐖𝑥𝑦𝜃𝛼ℝℕℤ",
    "\u0301\u0308\u20d7\u0332",  # combining accents, vector arrow, underline
    "\u200b\u200d\u2066\u202e\ufeff",  # zero-width, isolates, RTL override, BOM
    "\x00\x01\x07\x1b\x7f\r\n\t\x0b\x0c",
    "ｘｙ＝＋（）｛｝＼",  # fullwidth
    "漢字한국어العربيةעבריתไทย",
    "😀🙃🤖\U0001f9ee",
    "\ud800\udfff",  # lone surrogates (a str can hold them)
    "\\{}_^$&%#~",
)


def _string_literals(path: Path) -> list[str]:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return []
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
            if 2 <= len(text) <= 400 and re.search(r"[\\_^=]", text) and "\n" not in text.strip("\n"):
                out.append(text)
    return out


def _seed_text_formulas() -> list[str]:
    out: list[str] = []
    if not SEEDS_DIR.is_dir():
        return out
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        out += [m.strip() for m in re.findall(r"\\\[(.+?)\\\]", text, flags=re.S)]
        out += [m.strip() for m in re.findall(r"\\\((.+?)\\\)", text, flags=re.S) if len(m) > 3]
        if path.name.startswith("001"):  # the garbled copy: formulas became "( ... )" lines
            out += [line.strip()[1:-1].strip() for line in text.splitlines() if re.match(r"^\(.*\)\s*$", line)]
    return out


@lru_cache(maxsize=1)
def formulas() -> tuple[str, ...]:
    """All real formulas of the corpus, deduplicated, in a stable order."""
    found = list(SEED_FORMULAS)
    for name in ("test_read_seeds.py", "test_read_notations.py", "test_read_errors.py"):
        found += _string_literals(ROOT / "tests" / name)
    found += _seed_text_formulas()
    return tuple(dict.fromkeys(f for f in found if f.strip()))


_TOKEN_RE = re.compile(r"\\[A-Za-z]+|\\.|[A-Za-z]|\d+(?:\.\d+)?|\s+|.", re.S)


def tokenize(latex: str) -> list[str]:
    """Split LaTeX into commands, single letters, numbers, spaces and single characters."""
    return _TOKEN_RE.findall(latex)


def _groups(latex: str) -> list[tuple[int, int]]:
    """Spans ``[start, end)`` of the balanced ``{...}`` / ``(...)`` groups of ``latex``."""
    spans, stack = [], []
    pairs = {"}": "{", ")": "("}
    for i, ch in enumerate(latex):
        if ch in "{(":
            stack.append((ch, i))
        elif ch in pairs and stack and stack[-1][0] == pairs[ch]:
            spans.append((stack.pop()[1], i + 1))
    return spans


# --- grammar-aware mutations ------------------------------------------------------------------


def _token_edit(rng: random.Random, latex: str) -> str:
    toks = tokenize(latex) or [""]
    pos = rng.randrange(len(toks))
    op = rng.choice(("delete", "duplicate", "swap", "replace", "insert"))
    if op == "delete":
        del toks[pos]
    elif op == "duplicate":
        toks.insert(pos, toks[pos])
    elif op == "swap" and pos + 1 < len(toks):
        toks[pos], toks[pos + 1] = toks[pos + 1], toks[pos]
    elif op == "replace":
        toks[pos] = rng.choice(TOKENS)
    else:
        toks.insert(pos, rng.choice(TOKENS))
    return "".join(toks)


WRAPPERS: tuple[str, ...] = (
    r"\frac{{{g}}}{{{g}}}",
    r"\sqrt{{{g}}}",
    r"\left({g}\right)",
    r"{g}^{{{g}}}",
    r"{g}_{{{g}}}",
    r"e^{{{g}}}",
    r"\log({g})",
    r"\sum_{{j}} {g}",
    r"\sigma({g})",
    r"\hat{{{g}}}",
    r"\mathbf{{{g}}}",
    r"\begin{{pmatrix}} {g} & {g} \\ {g} & {g} \end{{pmatrix}}",
    r"\underbrace{{{g}}}_{{\text{{name}}}}",
    r"\nabla_{{x}} {g}",
    r"\frac{{\partial {g}}}{{\partial x}}",
    r"{g}^T",
    r"\max(0, {g})",
    r"\|{g}\|^2",
)


def _wrap_group(rng: random.Random, latex: str) -> str:
    groups = _groups(latex)
    if not groups:
        return rng.choice(WRAPPERS).format(g=latex)
    start, end = rng.choice(groups)
    return latex[:start] + rng.choice(WRAPPERS).format(g=latex[start:end]) + latex[end:]


def _crossover(rng: random.Random, latex: str) -> str:
    other = rng.choice(formulas())
    mine, theirs = _groups(latex), _groups(other)
    if mine and theirs:
        a, b = rng.choice(mine)
        c, d = rng.choice(theirs)
        return latex[:a] + other[c:d] + latex[b:]
    return latex + rng.choice((" \\\\ ", " = ", " + ", " ", "\n")) + other


def _number_edit(rng: random.Random, latex: str) -> str:
    nums = list(re.finditer(r"\d+(?:\.\d+)?", latex))
    new = rng.choice(("0", "1e308", "1e-320", "0.0000001", "99999999999999999999", "1.5", "-1", "2^{1000}"))
    if not nums:
        return latex + f"^{{{new}}}"
    m = rng.choice(nums)
    return latex[: m.start()] + new + latex[m.end() :]


MUTATIONS: tuple[Callable[[random.Random, str], str], ...] = (_token_edit, _wrap_group, _crossover, _number_edit)


def mutate(rng: random.Random, latex: str, rounds: int | None = None) -> str:
    """Apply 1-4 grammar-aware mutations (token edits, group wrapping, crossover, numbers)."""
    for _ in range(rng.randint(1, 4) if rounds is None else rounds):
        latex = rng.choice(MUTATIONS)(rng, latex)
    return latex


# --- seed-001-style garbling -----------------------------------------------------------------

GARBLES: tuple[Callable[[random.Random, str], str], ...] = (
    lambda rng, s: s.replace("\\", ""),
    lambda rng, s: "".join(c for c in s if c != "\\" or rng.random() < 0.5),
    lambda rng, s: s.replace("{", "").replace("}", ""),
    lambda rng, s: re.sub(r"([{}_^])", lambda m: rng.choice((" ", "")) + m.group(1) + rng.choice((" ", "")), s),
    lambda rng, s: s.lower(),
    lambda rng, s: s.upper(),
    lambda rng, s: re.sub(r"\\([a-z])", lambda m: "\\" + m.group(1).upper(), s),
    lambda rng, s: re.sub(r"[A-Za-z]+", lambda m: m.group(0).capitalize() if rng.random() < 0.3 else m.group(0), s),
    lambda rng, s: s.replace(r"\frac", rng.choice(("fraud", "fraid", "frac", " frac"))),
    lambda rng, s: s.replace("-", "–").replace("'", "’"),
    lambda rng, s: "( " + s.replace("\\", " ") + " )",
    lambda rng, s: "".join(c + " " if rng.random() < 0.2 else c for c in s),
    lambda rng, s: s.replace(r"\\", " "),
)


def garble(rng: random.Random, latex: str) -> str:
    """Seed-001-style damage: stripped backslashes/braces, spaces, case changes, translated words."""
    for _ in range(rng.randint(1, 3)):
        latex = rng.choice(GARBLES)(rng, latex)
    return latex


# --- other families ---------------------------------------------------------------------------


def random_unicode(rng: random.Random, max_len: int = 40) -> str:
    """Random text over math, combining, RTL, control, astral and surrogate code points and TOKENS."""
    pool = "".join(UNICODE_POOL)
    out = []
    for _ in range(rng.randint(0, max_len)):
        r = rng.random()
        if r < 0.5:
            out.append(rng.choice(pool))
        elif r < 0.8:
            out.append(rng.choice(TOKENS))
        else:
            out.append(chr(rng.randint(0x20, 0x2FFFF)))
    return "".join(out)


NESTING: tuple[tuple[str, str, str], ...] = (
    ("(", "x", ")"),
    ("{", "x", "}"),
    ("[", "x", "]"),
    (r"\left(", "x", r"\right)"),
    (r"\frac{1}{", "x", "}"),
    (r"\sqrt{", "x", "}"),
    ("x^{", "x", "}"),
    ("e^{", "x", "}"),
    ("a_{", "i", "}"),
    (r"\sigma(", "x", ")"),
    (r"\log(", "x", ")"),
    (r"\sum_j ", "z_j", ""),
    ("-", "x", ""),
    (r"\hat{", "y", "}"),
    (r"\underbrace{", "x", r"}_{\text{a}}"),
    (r"\begin{pmatrix}", "1", r"\end{pmatrix}"),
)


def deep_nesting(rng: random.Random) -> str:
    """``open * depth + core + close * depth``: 10 000 deep, or just under / over the depth limit."""
    opener, core, closer = rng.choice(NESTING)
    depth = rng.choice((10_000, 1_000, 101, 100, 99, 50, 30, 20, 10, 5))
    closed = rng.random() < 0.8
    return opener * depth + core + (closer * depth if closed else "")


HUGE_UNITS: tuple[str, ...] = ("x+", "x_{1}+", r"\alpha ", "(", "{", r"\frac{e^{z_i}}{\sum_j{e^{z_j}}} + ", "a", " ")


def huge(rng: random.Random) -> str:
    """About 100 KB of one repeated unit, or a formula padded to just under the 20 000-char limit."""
    unit = rng.choice(HUGE_UNITS + formulas()[:10])
    size = rng.choice((100_000, 100_000, 19_990, 19_000, 5_000))
    text = unit * (size // max(1, len(unit)) + 1)
    text = text[:size]
    if text.endswith("+ ") or text.endswith("+"):
        text = text.rstrip("+ ") + " + x"
    return text


def hostile(rng: random.Random, canary: str) -> str:
    """A template of :data:`HOSTILE_TEMPLATES` with the canary path, sometimes inside a real formula."""
    text = rng.choice(HOSTILE_TEMPLATES).replace("{canary}", canary)
    if rng.random() < 0.4:
        text = rng.choice(formulas()) + rng.choice((" + ", " \\\\ ", " = ")) + text
    return text


FAMILIES: tuple[str, ...] = ("mutate", "garble", "garble+mutate", "unicode", "nesting", "huge", "hostile", "seed")
#: Relative frequency of each family; nesting and huge have few distinct inputs (and are the slow ones).
WEIGHTS: tuple[float, ...] = (40, 15, 15, 10, 0.3, 0.2, 8, 2)


def generate(rng: random.Random, family: str | None = None, canary: str = "/tmp/symdl-fuzz-canary") -> str:
    """One fuzz input of ``family`` (random family when None)."""
    family = family or rng.choices(FAMILIES, weights=WEIGHTS)[0]
    if family == "mutate":
        return mutate(rng, rng.choice(formulas()))
    if family == "garble":
        return garble(rng, rng.choice(formulas()))
    if family == "garble+mutate":
        return mutate(rng, garble(rng, rng.choice(formulas())))
    if family == "unicode":
        return random_unicode(rng)
    if family == "nesting":
        return deep_nesting(rng)
    if family == "huge":
        return huge(rng)
    if family == "hostile":
        return hostile(rng, canary)
    if family == "seed":
        return rng.choice(formulas())
    raise ValueError(f"unknown fuzz family {family!r}")
