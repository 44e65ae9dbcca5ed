"""Kubernetes resource quantities: parse, compare, print canonically (``1000m`` → ``1``)."""

from __future__ import annotations

import re
from fractions import Fraction

QUANTITY_RE = re.compile(r"^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$")
QUANTITY_ERROR = (
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
)
BINARY = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
DECIMAL_SUFFIX = {v: k for k, v in DECIMAL.items()}
BINARY_SUFFIX = {v: k for k, v in BINARY.items()}


class Quantity:
    __slots__ = ("value", "fmt")

    def __init__(self, value: Fraction, fmt: str):
        self.value, self.fmt = value, fmt

    def __str__(self):
        return canonical(self)


def parse(text) -> Quantity:
    """Parse a quantity (string or JSON number); ValueError with the apiserver's message."""
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        raise ValueError(QUANTITY_ERROR)
    text = str(text).strip() if not isinstance(text, str) else text
    m = QUANTITY_RE.match(text)
    if not m:
        raise ValueError(QUANTITY_ERROR)
    number, suffix = m.groups()
    try:
        value = Fraction(number)
    except ValueError:
        raise ValueError(QUANTITY_ERROR) from None
    if suffix in BINARY:
        return Quantity(value * 2 ** BINARY[suffix], "BinarySI")
    if suffix in DECIMAL:
        return Quantity(value * Fraction(10) ** DECIMAL[suffix], "DecimalSI")
    if suffix[:1] in "eE" and re.fullmatch(r"[-+]?[0-9]+", suffix[1:] or "x"):
        return Quantity(value * Fraction(10) ** int(suffix[1:]), "DecimalExponent")
    raise ValueError(QUANTITY_ERROR)


def _decimal_parts(value: Fraction):
    """mantissa, exponent (multiple of 3) with an integral mantissa, as AsCanonicalBytes."""
    # round up to nano precision like resource.Quantity does
    scaled = value * 10**9
    if scaled.denominator != 1:
        scaled = Fraction(-((-scaled.numerator) // scaled.denominator))
    mantissa, exponent = int(scaled), -9
    if mantissa == 0:
        return 0, 0
    while mantissa % 1000 == 0 and exponent < 18:
        mantissa //= 1000
        exponent += 3
    return mantissa, exponent


def canonical(q: Quantity) -> str:
    fmt, value = q.fmt, q.value
    if fmt == "BinarySI" and (-1024 < value < 1024 or value.denominator != 1):
        fmt = "DecimalSI"
    if fmt == "BinarySI":
        mantissa, exponent = int(value), 0
        while mantissa != 0 and mantissa % 1024 == 0 and exponent < 60:
            mantissa //= 1024
            exponent += 10
        return f"{mantissa}{BINARY_SUFFIX.get(exponent, '')}" if exponent else str(mantissa)
    mantissa, exponent = _decimal_parts(value)
    if fmt == "DecimalExponent":
        return f"{mantissa}e{exponent}" if exponent else str(mantissa)
    return f"{mantissa}{DECIMAL_SUFFIX[exponent]}"


def normalize_list(resources: dict) -> dict:
    """Canonicalize every quantity of a ResourceList (raises ValueError on a bad one)."""
    return {name: canonical(parse(v)) for name, v in resources.items()}
