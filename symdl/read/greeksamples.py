r"""Greek letters that count patterns or steps in parentheses up: Hertz, Krogh & Palmer's Hebb rule
``w_{ij} = \frac{1}{N}\sum_{\mu=1}^{p} x_i^{(\mu)} x_j^{(\mu)}``, ``\eta(t_m^{(\mu)} - O_m^{(\mu)}) x_n^{(\mu)}``:
pattern μ, as Goodfellow's ``(i)`` is an example's (:func:`symdl.read.superscripts.classify_super` reads them so)."""

from __future__ import annotations

import functools
import re

from symdl.read.commands import GREEK


@functools.lru_cache(maxsize=64)
def greek_samples(source: str) -> frozenset[str]:
    """The Greek letters (as ``\\mu``) the formula counts patterns or steps with in parentheses up
    (:func:`greek_sample`)."""
    letters = set(re.findall(r"\^\s*\{\s*\(\s*\\([a-z]+)\s*\)\s*\}", source))
    return frozenset("\\" + x for x in letters if x in GREEK and greek_sample(x, source))


def greek_sample(letter: str, source: str) -> bool:
    """Does the formula count patterns (or steps) with the Greek ``letter``: a sum runs over it (``\\sum_{\\mu=1}^p``,
    ``\\sum_{i\\mu}``), or it is written in parentheses up on two names or more (Hertz, Krogh & Palmer's ``t_m^{(\\mu)}
    - O_m^{(\\mu)}``)?  Then ``^{(\\mu)}`` is that pattern's index, as Goodfellow's ``(i)`` is an example's."""
    up = len(re.findall(r"\^\s*\{\s*\(\s*\\" + letter + r"\s*\)\s*\}", source))
    summed = re.search(r"\\(?:sum|prod)\s*_\s*\{[^{}]*\\" + letter + r"(?![A-Za-z])|\\(?:sum|prod)\s*_\s*\\" + letter
                       + r"(?![A-Za-z])", source)
    return up >= 2 or summed is not None
