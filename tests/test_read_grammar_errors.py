"""Errors from the reader's grammar: the offending token's span, what was expected in words, and a
did-you-mean for unknown commands (misspellings seen in pasted formulas)."""

from __future__ import annotations

import pytest

import symdl

DID_YOU_MEAN = [
    ("swapped-letters-tanh", r"\tahn(x)", r"\tahn", r"did you mean \tanh?"),
    ("swapped-letters-tanh-2", r"\tnah x", r"\tnah", r"did you mean \tanh?"),
    ("truncated-function", r"\sigmoi(x)", r"\sigmoi", r"did you mean \operatorname{sigmoid}?"),
    ("greek-typo", r"\alhpa x + 1", r"\alhpa", r"did you mean \alpha?"),
    ("greek-missing-letter", r"\lamda \|w\|^2", r"\lamda", r"did you mean \lambda?"),
    ("frac-typo", r"\fracc{1}{2}", r"\fracc", r"did you mean \frac?"),
    ("cdot-typo", r"a \cdto b", r"\cdto", r"did you mean \cdot?"),
    ("mathbf-typo", r"\mathbff{x}", r"\mathbff", r"did you mean \mathbf?"),
    ("log-typo", r"\lgo x", r"\lgo", r"did you mean \log?"),
    ("nothing-close", r"\qzx x", r"\qzx", "check the spelling"),  # (\foo is close to \operatorname{floor})
]


@pytest.mark.parametrize(("text", "where", "hint"), [c[1:] for c in DID_YOU_MEAN], ids=[c[0] for c in DID_YOU_MEAN])
def test_unknown_command_did_you_mean(text: str, where: str, hint: str) -> None:
    with pytest.raises(symdl.InvalidInput) as info:
        symdl.parse(text)
    err = info.value
    assert text[err.span.start:err.span.end] == where
    assert err.hint.startswith(hint)


GRAMMAR = [
    # (id, text, the text the caret covers, words in the message)
    ("dangling-plus", r"x^2 +", "+", "ends where an operand"),
    ("dangling-cdot", r"a \cdot", r"\cdot", "ends where an operand"),
    ("double-operator", r"a + \cdot b", r"\cdot", "unexpected"),
    ("empty-frac-then-op", r"\frac{1}{2} / ", "/", "ends where an operand"),
]


@pytest.mark.parametrize(("text", "where", "words"), [c[1:] for c in GRAMMAR], ids=[c[0] for c in GRAMMAR])
def test_grammar_error_points_at_the_token(text: str, where: str, words: str) -> None:
    with pytest.raises(symdl.InvalidInput) as info:
        symdl.parse(text)
    err = info.value
    assert words in err.message
    assert text[err.span.start:err.span.end].strip() == where


UNICODE_DIGITS = [
    # (id, text, what it reads as, or the error class): str.isdigit says yes to all of these characters
    ("subscript-digit-folds", "θ₀ + θ₁ x", r"\theta_0 + \theta_1 x", None),
    ("superscript-digits-fold", "x₁ + y² + w⁴", "x_1 + y^2 + w^4", None),
    ("lone-subscript-digit", "\\sqrt({\\hat{v}_t} + ₁)", None, symdl.InvalidInput),  # fuzz seed 11, input 9925
    ("arabic-indic-digit", "x١", None, symdl.InvalidInput),
]


@pytest.mark.parametrize(("text", "same_as", "error"), [c[1:] for c in UNICODE_DIGITS],
                         ids=[c[0] for c in UNICODE_DIGITS])
def test_unicode_digits_are_folded_or_refused(text: str, same_as: str | None, error: type | None) -> None:
    if error is not None:
        with pytest.raises(error):
            symdl.parse(text)
        return
    assert symdl.parse(text).rhs == symdl.parse(same_as).rhs
