"""AWS IoT SQL, the subset Polis's topic rules use, for the local rules-engine emulator.

``parse_rule`` tokenizes and parses a rule's SQL once; ``ParsedRule.evaluate`` then runs it
against each message's JSON payload. Semantics follow the AWS IoT SQL reference (SQL
version 2016-03-23). Where the reference is silent, or the emulator sees less than AWS
does, this module decides as follows:

- ``decode(x, 'base64')`` returns the decoded JSON object or array when the bytes are one
  (AWS makes the result addressable, e.g. ``decode(x, 'base64').temp``), else the text
  decoded as UTF-8. Bytes that are not UTF-8 come back as a Latin-1 string: one code point
  per byte, so ``s.encode('latin-1')`` recovers them exactly and the result stays
  JSON-serialisable. Input that is not valid base64 gives null, as AWS documents.
- ``encode(*, 'base64')`` encodes the payload re-serialised as compact JSON, because the
  emulator is handed the parsed payload rather than the original bytes.
- Operators and functions given Undefined yield Undefined, and a WHERE clause passes only
  when it evaluates to true, so a condition on a missing attribute never passes by accident.
- ``<``, ``>``, ``<=``, ``>=`` and arithmetic compare numbers and numeric strings only;
  anything else is Undefined. ``=`` never equates values of different JSON types.
- Both quote styles delimit string literals (AWS's own examples use both); a doubled quote
  inside a literal stands for one quote character.
"""

from __future__ import annotations

import base64
import binascii
import copy
import json
import math
import operator
import time
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["UNDEFINED", "IotSqlError", "ParsedRule", "parse_rule", "topic_matches"]


class _UndefinedType:
    __slots__ = ()

    def __repr__(self) -> str:
        return "Undefined"


UNDEFINED: Any = _UndefinedType()


class IotSqlError(ValueError):
    """A rule's SQL (or a topic filter) is malformed or uses something not emulated."""

    def __init__(self, message: str, sql: str = "", position: int | None = None) -> None:
        self.message = message
        self.position = position
        if position is None:
            super().__init__(message)
            return
        line_start = sql.rfind("\n", 0, position) + 1
        line_end = sql.find("\n", position)
        line = sql[line_start : len(sql) if line_end == -1 else line_end]
        column = position - line_start + 1
        line_no = sql.count("\n", 0, position) + 1
        super().__init__(f"{message} (line {line_no}, column {column})\n  {line}\n  {' ' * (column - 1)}^")


# --- tokenizer -------------------------------------------------------------------------

_KEYWORDS = frozenset({"SELECT", "FROM", "WHERE", "AS", "AND", "OR", "NOT", "TRUE", "FALSE", "NULL"})
# Recognised only so a rule using them fails with a pointed message, not a confusing parse error.
_UNSUPPORTED = {
    "CASE": "CASE expressions are valid AWS IoT SQL but not emulated",
    "IN": "the IN operator is valid AWS IoT SQL but not emulated",
    "EXISTS": "the EXISTS operator is valid AWS IoT SQL but not emulated",
    "IS": "IS is not AWS IoT SQL; use isUndefined(x) or isNull(x)",
}
# Longest first, so '<=' is not read as '<' followed by '='.
_OPERATORS = ("<>", "!=", "<=", ">=", "=", "<", ">", "+", "-", "*", "/", "%", "(", ")", ",", ".")


@dataclass(frozen=True)
class _Token:
    kind: str  # ident | keyword | string | number | op | eof
    text: str  # exactly as written, for error messages
    value: Any  # keyword upper-cased, string unquoted, number parsed
    pos: int


def _is_word_char(c: str) -> bool:
    return c.isascii() and (c.isalnum() or c == "_")


def _tokenize(sql: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(sql)
    while i < n:
        c = sql[i]
        start = i
        if c.isspace():
            i += 1
            continue
        if _is_word_char(c) and not c.isdigit():
            while i < n and _is_word_char(sql[i]):
                i += 1
            word = sql[start:i]
            upper = word.upper()
            if upper in _KEYWORDS or upper in _UNSUPPORTED:
                tokens.append(_Token("keyword", word, upper, start))
            else:
                tokens.append(_Token("ident", word, word, start))
        elif c.isascii() and c.isdigit():
            while i < n and sql[i].isascii() and sql[i].isdigit():
                i += 1
            is_decimal = i + 1 < n and sql[i] == "." and sql[i + 1].isascii() and sql[i + 1].isdigit()
            if is_decimal:
                i += 1
                while i < n and sql[i].isascii() and sql[i].isdigit():
                    i += 1
            if i < n and _is_word_char(sql[i]):
                raise IotSqlError("malformed number", sql, start)
            text = sql[start:i]
            tokens.append(_Token("number", text, float(text) if is_decimal else int(text), start))
        elif c in "'\"":
            i += 1
            chunks = []
            while True:
                end = sql.find(c, i)
                if end == -1:
                    raise IotSqlError("unterminated string literal", sql, start)
                chunks.append(sql[i:end])
                i = end + 1
                if i < n and sql[i] == c:
                    chunks.append(c)
                    i += 1
                else:
                    break
            tokens.append(_Token("string", sql[start:i], "".join(chunks), start))
        else:
            op = next((o for o in _OPERATORS if sql.startswith(o, i)), None)
            if op is None:
                raise IotSqlError(f"unexpected character {c!r}", sql, i)
            tokens.append(_Token("op", op, op, i))
            i += len(op)
    tokens.append(_Token("eof", "", None, n))
    return tokens


# --- value conversions (AWS's "standard conversions") ------------------------------------


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _to_number(v: Any) -> int | float | None:
    if _is_number(v):
        return v
    # The character check keeps float() from accepting 'nan', 'inf', ' 1' or '1_000'.
    if isinstance(v, str) and v and all(c in "0123456789+-.eE" for c in v):
        for convert in (int, float):
            try:
                return convert(v)
            except ValueError:
                pass
    return None


def _to_int(v: Any) -> int | None:
    n = _to_number(v)
    return math.floor(n) if n is not None and math.isfinite(n) else None


def _to_str(v: Any) -> Any:
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if _is_number(v):
        return str(v)
    if isinstance(v, dict | list):
        return json.dumps(v, separators=(",", ":"))
    return UNDEFINED  # null and Undefined have no string form


def _to_bool(v: Any) -> bool | None:
    if isinstance(v, bool):
        return v
    if isinstance(v, str) and v.lower() in ("true", "false"):
        return v.lower() == "true"
    return None


def _equal(a: Any, b: Any) -> bool:
    if _is_number(a) and _is_number(b):
        return a == b
    if type(a) is not type(b):
        return False  # Python would otherwise equate true with 1
    if isinstance(a, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    return a == b


def _divide(x: int | float, y: int | float) -> Any:
    if y == 0:
        return UNDEFINED
    if isinstance(x, int) and isinstance(y, int):
        # AWS divides Ints as Java does: an Int result, truncated toward zero.
        q = abs(x) // abs(y)
        return q if (x >= 0) == (y >= 0) else -q
    return x / y


def _remainder(x: int | float, y: int | float) -> Any:
    if y == 0:
        return UNDEFINED
    if isinstance(x, int) and isinstance(y, int):
        r = abs(x) % abs(y)  # Java's sign convention: the dividend's
        return r if x >= 0 else -r
    return math.fmod(x, y)


_ORDERING = {"<": operator.lt, ">": operator.gt, "<=": operator.le, ">=": operator.ge}
_ARITHMETIC = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": _divide, "%": _remainder}


# --- syntax tree -----------------------------------------------------------------------


@dataclass
class _Context:
    payload: dict[str, Any]
    topic: str
    client_id: str
    now: int | None

    def now_ms(self) -> int:
        if self.now is None:
            # One instant per message, however many times the rule calls timestamp().
            self.now = time.time_ns() // 1_000_000
        return self.now


class _Node(ABC):
    @abstractmethod
    def eval(self, ctx: _Context) -> Any: ...


@dataclass(frozen=True)
class _Literal(_Node):
    value: Any

    def eval(self, ctx: _Context) -> Any:
        return self.value


@dataclass(frozen=True)
class _Payload(_Node):
    def eval(self, ctx: _Context) -> Any:
        return ctx.payload


@dataclass(frozen=True)
class _Path(_Node):
    base: _Node | None  # None: the payload itself
    names: tuple[str, ...]

    def eval(self, ctx: _Context) -> Any:
        value = ctx.payload if self.base is None else self.base.eval(ctx)
        for name in self.names:
            if not isinstance(value, dict):
                return UNDEFINED
            value = value.get(name, UNDEFINED)
        return value


@dataclass(frozen=True)
class _Call(_Node):
    name: str
    args: tuple[_Node, ...]
    impl: Callable[[_Context, list[Any]], Any]

    def eval(self, ctx: _Context) -> Any:
        args = [a.eval(ctx) for a in self.args]
        if self.name not in _SEES_UNDEFINED and any(a is UNDEFINED for a in args):
            return UNDEFINED
        return self.impl(ctx, args)


@dataclass(frozen=True)
class _Unary(_Node):
    op: str
    operand: _Node

    def eval(self, ctx: _Context) -> Any:
        value = self.operand.eval(ctx)
        if self.op == "NOT":
            b = _to_bool(value)
            return UNDEFINED if b is None else not b
        n = _to_number(value)
        return UNDEFINED if n is None else -n


@dataclass(frozen=True)
class _Binary(_Node):
    op: str
    left: _Node
    right: _Node

    def eval(self, ctx: _Context) -> Any:
        a, b = self.left.eval(ctx), self.right.eval(ctx)
        if self.op in ("AND", "OR"):
            x, y = _to_bool(a), _to_bool(b)
            if x is None or y is None:
                return UNDEFINED
            return (x and y) if self.op == "AND" else (x or y)
        if a is UNDEFINED or b is UNDEFINED:
            return UNDEFINED
        if self.op in ("=", "<>", "!="):
            return _equal(a, b) == (self.op == "=")
        x, y = _to_number(a), _to_number(b)
        if x is None or y is None:
            return UNDEFINED
        if self.op in _ORDERING:
            return _ORDERING[self.op](x, y)
        return _ARITHMETIC[self.op](x, y)


# --- functions -------------------------------------------------------------------------


def _fn_topic(ctx: _Context, args: list[Any]) -> Any:
    if not args:
        return ctx.topic
    segments = ctx.topic.split("/")
    n = _to_int(args[0])
    return segments[n - 1] if n is not None and 1 <= n <= len(segments) else UNDEFINED


def _fn_get(ctx: _Context, args: list[Any]) -> Any:
    collection, key = args
    if isinstance(collection, dict):
        return collection.get(key, UNDEFINED) if isinstance(key, str) else UNDEFINED
    if isinstance(collection, list | str):
        i = _to_int(key)
        return collection[i] if i is not None and 0 <= i < len(collection) else UNDEFINED
    return UNDEFINED


def _fn_decode(ctx: _Context, args: list[Any]) -> Any:
    if not isinstance(args[0], str):
        return UNDEFINED
    try:
        raw = base64.b64decode(args[0], validate=True)
    except (binascii.Error, ValueError):
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")
    try:
        document = json.loads(text)
    except ValueError:
        return text
    return document if isinstance(document, dict | list) else text


def _fn_encode(ctx: _Context, args: list[Any]) -> Any:
    text = _to_str(args[0])
    return UNDEFINED if text is UNDEFINED else base64.b64encode(text.encode("utf-8")).decode("ascii")


def _fn_concat(ctx: _Context, args: list[Any]) -> Any:
    if len(args) < 2:
        return args[0] if args else UNDEFINED
    if any(isinstance(a, list) for a in args):
        joined: list[Any] = []
        for a in args:
            if isinstance(a, list):
                joined.extend(a)
            else:
                joined.append(a)
        return joined
    if any(isinstance(a, str) for a in args):
        parts = [_to_str(a) for a in args]
        return UNDEFINED if UNDEFINED in parts else "".join(parts)
    return UNDEFINED


def _string_fn(method: Callable[[str], str]) -> Callable[[_Context, list[Any]], Any]:
    def impl(ctx: _Context, args: list[Any]) -> Any:
        text = _to_str(args[0])
        return UNDEFINED if text is UNDEFINED else method(text)

    return impl


def _fn_abs(ctx: _Context, args: list[Any]) -> Any:
    n = _to_number(args[0])
    return UNDEFINED if n is None else abs(n)


# name -> (min args, max args or None for any, implementation); names are case-insensitive.
_FUNCTIONS: dict[str, tuple[int, int | None, Callable[[_Context, list[Any]], Any]]] = {
    "topic": (0, 1, _fn_topic),
    "timestamp": (0, 0, lambda ctx, args: ctx.now_ms()),
    "clientid": (0, 0, lambda ctx, args: ctx.client_id),
    "newuuid": (0, 0, lambda ctx, args: str(uuid.uuid4())),
    "get": (2, 2, _fn_get),
    "decode": (2, 2, _fn_decode),
    "encode": (2, 2, _fn_encode),
    "concat": (0, None, _fn_concat),
    "upper": (1, 1, _string_fn(str.upper)),
    "lower": (1, 1, _string_fn(str.lower)),
    "abs": (1, 1, _fn_abs),
    "isundefined": (1, 1, lambda ctx, args: args[0] is UNDEFINED),
    "isnull": (1, 1, lambda ctx, args: args[0] is None),
}


def _arity(low: int, high: int | None) -> str:
    if high is None:
        return f"at least {low}"
    return str(low) if low == high else f"{low} to {high}"


# Every other function yields Undefined when handed it; these exist to test for it.
_SEES_UNDEFINED = frozenset({"isundefined", "isnull"})
_SCHEME_FUNCTIONS = frozenset({"decode", "encode"})


# --- parser ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _SelectItem:
    expr: _Node | None  # None: '*'
    key: str | None


@dataclass(frozen=True)
class ParsedRule:
    """A rule's SQL, parsed once; evaluate it per message."""

    sql: str
    topic_filter: str | None
    select: tuple[_SelectItem, ...] = field(repr=False)
    where: _Node | None = field(repr=False)

    def evaluate(
        self, payload: dict[str, Any], *, topic: str, client_id: str = "", now_ms: int | None = None
    ) -> dict[str, Any] | None:
        """The rule's output for one message, or None when its WHERE clause is not true."""
        if not isinstance(payload, dict):
            raise TypeError(f"payload must be a JSON object (dict), not {type(payload).__name__}")
        ctx = _Context(payload, topic, client_id, now_ms)
        if self.where is not None and _to_bool(self.where.eval(ctx)) is not True:
            return None
        out: dict[str, Any] = {}
        for item in self.select:
            if item.expr is None:
                out.update(payload)
                continue
            value = item.expr.eval(ctx)
            if value is not UNDEFINED:
                out[item.key] = value
        # Every rule matching a message sees the same payload; actions must not share its objects.
        return copy.deepcopy(out)


class _Parser:
    def __init__(self, sql: str) -> None:
        self.sql = sql
        self.tokens = _tokenize(sql)
        self.i = 0

    @property
    def tok(self) -> _Token:
        return self.tokens[self.i]

    def advance(self) -> _Token:
        tok = self.tokens[self.i]
        if tok.kind != "eof":
            self.i += 1
        return tok

    def at_keyword(self, *words: str) -> bool:
        return self.tok.kind == "keyword" and self.tok.value in words

    def at_op(self, *ops: str) -> bool:
        return self.tok.kind == "op" and self.tok.value in ops

    def error(self, message: str, tok: _Token | None = None) -> IotSqlError:
        return IotSqlError(message, self.sql, (tok or self.tok).pos)

    def unexpected(self, expected: str) -> IotSqlError:
        tok = self.tok
        if tok.kind == "keyword" and tok.value in _UNSUPPORTED:
            return self.error(_UNSUPPORTED[tok.value])
        found = "end of input" if tok.kind == "eof" else repr(tok.text)
        return self.error(f"expected {expected}, found {found}")

    def expect_op(self, op: str) -> _Token:
        if not self.at_op(op):
            raise self.unexpected(repr(op))
        return self.advance()

    def parse(self) -> ParsedRule:
        if not self.at_keyword("SELECT"):
            raise self.unexpected("SELECT")
        self.advance()
        items = [self.select_item()]
        while self.at_op(","):
            self.advance()
            items.append(self.select_item())
        topic_filter = None
        if self.at_keyword("FROM"):
            self.advance()
            tok = self.tok
            if tok.kind != "string":
                raise self.unexpected("a quoted topic filter after FROM, e.g. FROM 'a/+/b'")
            problem = _filter_problem(tok.value)
            if problem:
                raise self.error(f"invalid topic filter {tok.value!r}: {problem}")
            topic_filter = self.advance().value
        where = None
        if self.at_keyword("WHERE"):
            self.advance()
            where = self.expression()
        if self.tok.kind != "eof":
            if where is not None:
                raise self.unexpected("end of input")
            raise self.unexpected("WHERE or end of input" if topic_filter else "FROM, WHERE or end of input")
        return ParsedRule(self.sql, topic_filter, tuple(items), where)

    def select_item(self) -> _SelectItem:
        if self.at_op("*"):
            self.advance()
            return _SelectItem(None, None)
        start = self.tok
        expr = self.expression()
        if self.at_keyword("AS"):
            self.advance()
            if self.tok.kind != "ident":
                raise self.unexpected("an alias name after AS")
            return _SelectItem(expr, self.advance().value)
        if isinstance(expr, _Path):
            return _SelectItem(expr, expr.names[-1])  # AWS keys an unaliased a.b.c as "c"
        if isinstance(expr, _Call):
            raise self.error(f"{expr.name}() in SELECT needs an alias, e.g. {expr.name}(...) AS name", start)
        raise self.error("this SELECT expression needs an alias: <expression> AS name", start)

    # Precedence, loosest first: OR, AND, NOT, comparison, + -, * / %, unary -, '.'.
    def expression(self) -> _Node:
        node = self.conjunction()
        while self.at_keyword("OR"):
            self.advance()
            node = _Binary("OR", node, self.conjunction())
        return node

    def conjunction(self) -> _Node:
        node = self.negation()
        while self.at_keyword("AND"):
            self.advance()
            node = _Binary("AND", node, self.negation())
        return node

    def negation(self) -> _Node:
        if self.at_keyword("NOT"):
            self.advance()
            return _Unary("NOT", self.negation())
        return self.comparison()

    def comparison(self) -> _Node:
        node = self.additive()
        if self.at_op("=", "<>", "!=", "<", ">", "<=", ">="):
            op = self.advance().value
            node = _Binary(op, node, self.additive())
        return node

    def additive(self) -> _Node:
        node = self.multiplicative()
        while self.at_op("+", "-"):
            op = self.advance().value
            node = _Binary(op, node, self.multiplicative())
        return node

    def multiplicative(self) -> _Node:
        node = self.unary()
        while self.at_op("*", "/", "%"):
            op = self.advance().value
            node = _Binary(op, node, self.unary())
        return node

    def unary(self) -> _Node:
        if self.at_op("-"):
            self.advance()
            operand = self.unary()
            if isinstance(operand, _Literal) and _is_number(operand.value):
                return _Literal(-operand.value)
            return _Unary("-", operand)
        return self.postfix()

    def postfix(self) -> _Node:
        node = self.primary()
        names: list[str] = []
        while self.at_op("."):
            self.advance()
            # After a dot a keyword can only be a key name, e.g. state.from.
            if self.tok.kind not in ("ident", "keyword"):
                raise self.unexpected("an attribute name after '.' (use get() for other keys)")
            names.append(self.advance().text)
        if not names:
            return node
        if isinstance(node, _Path):
            return _Path(node.base, node.names + tuple(names))
        return _Path(node, tuple(names))

    def primary(self) -> _Node:
        tok = self.tok
        if tok.kind in ("number", "string"):
            self.advance()
            return _Literal(tok.value)
        if self.at_keyword("TRUE", "FALSE", "NULL"):
            self.advance()
            return _Literal({"TRUE": True, "FALSE": False, "NULL": None}[tok.value])
        if self.at_op("("):
            self.advance()
            node = self.expression()
            self.expect_op(")")
            return node
        if tok.kind == "ident":
            self.advance()
            return self.call(tok) if self.at_op("(") else _Path(None, (tok.value,))
        raise self.unexpected("an expression")

    def call(self, name_tok: _Token) -> _Node:
        name = name_tok.value.lower()
        if name not in _FUNCTIONS:
            raise self.error(f"unsupported function {name_tok.text}()", name_tok)
        self.expect_op("(")
        args: list[_Node] = []
        while not self.at_op(")"):
            if args:
                self.expect_op(",")
            if name == "encode" and not args and self.at_op("*"):
                self.advance()
                args.append(_Payload())
            else:
                args.append(self.expression())
        self.advance()
        low, high, impl = _FUNCTIONS[name]
        if len(args) < low or (high is not None and len(args) > high):
            raise self.error(f"{name}() takes {_arity(low, high)} argument(s), got {len(args)}", name_tok)
        if name in _SCHEME_FUNCTIONS:
            scheme = args[1]
            if not (
                isinstance(scheme, _Literal)
                and isinstance(scheme.value, str)
                and scheme.value.lower() == "base64"
            ):
                raise self.error(f"{name}() supports only the literal scheme 'base64'", name_tok)
        return _Call(name, tuple(args), impl)


def parse_rule(sql: str) -> ParsedRule:
    """Parse a topic rule's SQL; raises IotSqlError pointing at the offending position."""
    return _Parser(sql).parse()


# --- MQTT topic filters ------------------------------------------------------------------


def _filter_problem(topic_filter: str) -> str | None:
    if not topic_filter:
        return "it is empty"
    levels = topic_filter.split("/")
    for i, level in enumerate(levels):
        if "#" in level and (level != "#" or i != len(levels) - 1):
            return "'#' must be a whole level and the last one"
        if "+" in level and level != "+":
            return "'+' must be a whole level"
    return None


def topic_matches(topic_filter: str, topic: str) -> bool:
    """Whether an MQTT topic filter (with '+' and '#' wildcards) matches a published topic."""
    problem = _filter_problem(topic_filter)
    if problem:
        raise IotSqlError(f"invalid topic filter {topic_filter!r}: {problem}")
    if not topic or "+" in topic or "#" in topic:
        return False  # not a topic anyone can publish to
    if topic.startswith("$") and topic_filter[0] in "+#":
        return False  # MQTT keeps $-topics (e.g. $aws/...) out of leading-wildcard subscriptions
    filter_levels, topic_levels = topic_filter.split("/"), topic.split("/")
    for i, level in enumerate(filter_levels):
        if level == "#":
            return True  # also matches the parent: 'a/#' matches 'a'
        if i >= len(topic_levels) or level not in ("+", topic_levels[i]):
            return False
    return len(filter_levels) == len(topic_levels)
