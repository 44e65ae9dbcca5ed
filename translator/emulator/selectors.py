"""Label and field selectors: a port of apimachinery's ``labels`` parser and ``fields`` selector.

``parse_labels(text)`` / ``parse_fields(text, allowed)`` return a matcher or raise ValueError with
the apiserver's message (the caller wraps it in a 400 BadRequest).
"""

from __future__ import annotations

import re

_SPECIAL = "=!(),><"
_SPECIAL_TOKENS = ("!=", "==", "=", "!", "(", ")", ",", ">", "<")
EOS, IDENT, IN, NOTIN = "EOS", "IDENT", "in", "notin"

_LABEL_VALUE_RE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")
_NAME_RE = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
_PREFIX_RE = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
_LABEL_VALUE_MSG = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',"
    "  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
)
_NAME_MSG = (
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
    "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
    "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)


def _lex(text):
    tokens, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in _SPECIAL:
            for tok in _SPECIAL_TOKENS:
                if text.startswith(tok, i):
                    tokens.append((tok, tok))
                    i += len(tok)
                    break
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in _SPECIAL:
                j += 1
            lit = text[i:j]
            tokens.append((lit if lit in (IN, NOTIN) else IDENT, lit))
            i = j
    tokens.append((EOS, ""))
    return tokens


def _validate_key(key):
    parts = key.split("/")
    name = parts[-1]
    if len(parts) > 2:
        raise ValueError(
            f"invalid label key {key!r}: a qualified name must consist of alphanumeric characters"
        )
    if len(parts) == 2 and (not parts[0] or len(parts[0]) > 253 or not _PREFIX_RE.match(parts[0])):
        raise ValueError(f'invalid label key "{key}": prefix part must be a DNS-1123 subdomain')
    if not name or len(name) > 63 or not _NAME_RE.match(name):
        raise ValueError(f'invalid label key "{key}": {_NAME_MSG}')


class _Parser:
    def __init__(self, text):
        self.tokens, self.pos = _lex(text), 0

    def lookahead(self, values=True):
        tok, lit = self.tokens[self.pos]
        if values and tok in (IN, NOTIN):
            tok = IDENT
        return tok, lit

    def consume(self, values=True):
        res = self.lookahead(values)
        self.pos += 1
        return res

    def parse(self):
        reqs = []
        while True:
            tok, lit = self.lookahead()
            if tok in (IDENT, "!"):
                try:
                    reqs.append(self.requirement())
                except ValueError as exc:
                    raise ValueError(f"unable to parse requirement: {exc}") from None
                tok, lit = self.consume()
                if tok == EOS:
                    return reqs
                if tok != ",":
                    raise ValueError(f"found '{lit}', expected: ',' or 'end of string'")
                tok2, lit2 = self.lookahead()
                if tok2 not in (IDENT, "!"):
                    raise ValueError(f"found '{lit2}', expected: identifier after ','")
            elif tok == EOS:
                return reqs
            else:
                raise ValueError(f"found '{lit}', expected: !, identifier, or 'end of string'")

    def requirement(self):
        op = None
        tok, lit = self.consume()
        if tok == "!":
            op = "!"
            tok, lit = self.consume()
        if tok != IDENT:
            raise ValueError(f"found '{lit}', expected: identifier")
        key = lit
        _validate_key(key)
        if self.lookahead()[0] in (EOS, ","):
            return _requirement(key, op or "exists", ())
        if op == "!":
            raise ValueError(f"found '{self.lookahead()[1]}', expected: ',' or 'end of string'")
        tok, lit = self.consume(values=False)
        if tok not in ("=", "==", "!=", IN, NOTIN, ">", "<"):
            raise ValueError(f"found '{lit}', expected: '=', '!=', '==', 'in', notin'")
        values = self.set_values() if tok in (IN, NOTIN) else self.exact_value()
        return _requirement(key, tok, values)

    def set_values(self):
        tok, lit = self.consume()
        if tok != "(":
            raise ValueError(f"found '{lit}' expected: '('")
        tok, lit = self.lookahead()
        if tok in (IDENT, ","):
            values = self.identifiers()
            tok, _ = self.consume()
            if tok != ")":
                raise ValueError(f"found '{lit}', expected: ')'")
            return values
        if tok == ")":
            self.consume()
            return {""}
        raise ValueError(f"found '{lit}', expected: ',', ')' or identifier")

    def identifiers(self):
        values = set()
        while True:
            tok, lit = self.consume()
            if tok == IDENT:
                values.add(lit)
                tok2, lit2 = self.lookahead()
                if tok2 == ",":
                    continue
                if tok2 == ")":
                    return values
                raise ValueError(f"found '{lit2}', expected: ',' or ')'")
            if tok == ",":
                if not values:
                    values.add("")
                tok2, _ = self.lookahead()
                if tok2 == ")":
                    values.add("")
                    return values
                if tok2 == ",":
                    self.consume()
                    values.add("")
            else:
                raise ValueError(f"found '{lit}', expected: ',', or identifier")

    def exact_value(self):
        tok, lit = self.lookahead()
        if tok in (EOS, ","):
            return {""}
        tok, lit = self.consume()
        if tok == IDENT:
            return {lit}
        raise ValueError(f"found '{lit}', expected: identifier")


def _requirement(key, op, values):
    values = frozenset(values)
    if op in (IN, NOTIN) and not values:
        raise ValueError("for 'in', 'notin' operators, values set can't be empty")
    if op in (">", "<"):
        (value,) = values
        if not re.fullmatch(r"-?[0-9]+", value):
            raise ValueError("for 'Gt', 'Lt' operators, the value must be an integer")
        return key, op, int(value)
    for value in values:
        if len(value) > 63 or not _LABEL_VALUE_RE.match(value):
            raise ValueError(
                f'invalid label value: "{value}": at key: "{key}": {_LABEL_VALUE_MSG}'
            )
    if op in ("=", "=="):
        (value,) = values
        return key, "=", value
    if op == "!=":
        (value,) = values
        return key, "!=", value
    return key, op, values


def _match_labels(reqs, labels):
    for key, op, arg in reqs:
        value = labels.get(key)
        if op == "=":
            if value != arg:
                return False
        elif op == "!=":
            if value == arg:
                return False
        elif op == IN:
            if value is None or value not in arg:
                return False
        elif op == NOTIN:
            if value is not None and value in arg:
                return False
        elif op == "exists":
            if value is None:
                return False
        elif op == "!":
            if value is not None:
                return False
        else:  # > and <
            if value is None or not re.fullmatch(r"-?[0-9]+", value):
                return False
            if (int(value) > arg) != (op == ">"):
                return False
    return True


class LabelSelector:
    """A parsed label selector: call it with a labels dict; ``candidates`` serves index lookups."""

    __slots__ = ("reqs",)

    def __init__(self, reqs):
        self.reqs = reqs

    def __call__(self, labels):
        return _match_labels(self.reqs, labels or {})

    def candidates(self, index):
        """Smallest set of names an equality/``in`` requirement allows, per the (key, value)
        index; None when no requirement narrows the search."""
        best = None
        for key, op, arg in self.reqs:
            if op == "=":
                found = index.get((key, arg), set())
            elif op == IN:
                found = set().union(*(index.get((key, v), set()) for v in arg))
            else:
                continue
            if best is None or len(found) < len(best):
                best = found
        return best


def parse_labels(text):
    """Return a :class:`LabelSelector` or None for an empty selector."""
    reqs = _Parser(text or "").parse()
    return LabelSelector(reqs) if reqs else None


def _split_unescaped(text, sep):
    parts, cur, i = [], [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            cur.append(text[i : i + 2])
            i += 2
            continue
        if ch == sep:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    parts.append("".join(cur))
    return parts


def _unescape(value):
    return re.sub(r"\\(.)", r"\1", value)


def parse_fields(text, allowed):
    """Return a list of (label, op, value) or None; ``allowed`` is the supported label set."""
    terms = []
    for term in _split_unescaped(text or "", ","):
        if not term:
            continue
        for i in range(len(term)):
            op = next((o for o in ("!=", "==", "=") if term.startswith(o, i)), None)
            if op:
                terms.append(
                    (term[:i], "!=" if op == "!=" else "=", _unescape(term[i + len(op) :]))
                )
                break
        else:
            raise ValueError(f"invalid selector: '%!s(<nil>)'; can't understand '[{term}]'")
    for label, _, _ in terms:
        if label not in allowed:
            raise ValueError(f"field label not supported: {label}")
    return terms or None


def match_fields(terms, values):
    """``values`` maps a field label to its string value; a missing one reads as ``""``."""
    for label, op, value in terms:
        if (values.get(label, "") == value) != (op == "="):
            return False
    return True
