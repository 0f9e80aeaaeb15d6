"""The API contract test's target, callers, fixed corpus and report (see test_api_contract.py)."""

from __future__ import annotations

import json
import math
import re
import shlex
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import pytest
import requests
from chalice.local import ChaliceRequestHandler
from jsonschema import Draft202012Validator, FormatChecker
from werkzeug.serving import WSGIRequestHandler

from polis_local.api_server import ApiServer
from polis_local.template import LOCAL_API_KEY
from tests.integration.service_desk_support import desk_platform, report
from tests.support import ROOT, free_port

# Who calls: nobody, Eleni (a citizen of Chalkida), Chalkida's municipality admin (staff), and an
# Open311 client app with the municipality's API key (SEED_USERS in polis_local.users).
CALLERS = ("anonymous", "citizen", "staff-admin", "api-key")
# The caller each security scheme of the document lets through.
_SCHEME_CALLER = {"citizen_auth": "citizen", "staff_auth": "staff-admin", "api_key": "api-key"}
_REPLAY = (
    "To replay against `polis run`: API=http://127.0.0.1:8000 "
    "CITIZEN_TOKEN=$(polis token --user eleni@example.org) STAFF_TOKEN=$(polis token --user chalkida-admin)"
)


@dataclass(frozen=True)
class ContractTarget:
    url: str
    document: dict[str, Any]
    """The API's own document, with examples of path and query values that exist on the desk."""
    headers: dict[str, dict[str, str]]
    """The credentials of each caller, as request headers."""
    examples: dict[str, str]
    placeholders: dict[str, str]
    """Secret or run-specific text of the curl commands -> what the report shows instead."""
    fresh_reference: Callable[[], str]
    """Eleni reports a new service request; its reference."""


def admitted_caller(operation: dict[str, Any]) -> str:
    """The caller the operation is for: the one its security lets through (anonymous if it has none)."""
    for requirement in operation.get("security") or []:
        for scheme in requirement:
            return _SCHEME_CALLER[scheme]
    return "anonymous"


def admits(operation: dict[str, Any], caller: str) -> bool:
    return admitted_caller(operation) == caller


def takes_only_text(operation: dict[str, Any]) -> bool:
    """The operation's only input is a body of plain text (e.g. a CSV file): any bytes are a string."""
    content = operation.get("requestBody", {}).get("content", {})
    return (
        bool(content)
        and not operation.get("parameters")
        and all(
            media_type != "application/json" and media.get("schema") == {"type": "string"}
            for media_type, media in content.items()
        )
    )


def operation_ids(document: dict[str, Any], keep: Callable[[dict[str, Any]], bool]) -> list[str]:
    return [
        operation["operationId"]
        for methods in document["paths"].values()
        for operation in methods.values()
        if keep(operation)
    ]


def _with_examples(document: dict[str, Any], examples: dict[str, str]) -> dict[str, Any]:
    """The document with an ``example`` on the parameters that name something the desk holds.

    Only ``example`` is added (no schema changes): Schemathesis's examples and coverage phases then
    start from a request that reaches a real service request, category or municipality, so the 2xx
    answers, not only the 404s, are checked against the document.
    """
    document = json.loads(json.dumps(document))
    for methods in document["paths"].values():
        for operation in methods.values():
            for parameter in operation.get("parameters", ()):
                if parameter["name"] in examples and parameter["in"] in ("path", "query"):
                    parameter["example"] = examples[parameter["name"]]
    return document


@contextmanager
def contract_target_on(moto_endpoint: str) -> Iterator[ContractTarget]:
    """Chalkida's service desk on moto, the API served over HTTP on it, and what the callers present."""
    with pytest.MonkeyPatch.context() as patch, desk_platform(moto_endpoint) as platform:
        # Both local servers (chalice's and moto's werkzeug) write headers and body separately over
        # keep-alive connections: with Nagle's algorithm each answer waits ~40 ms for a delayed ACK.
        # TCP_NODELAY on the connections accepted from now on changes only the speed of the run.
        patch.setattr(ChaliceRequestHandler, "disable_nagle_algorithm", True)
        patch.setattr(WSGIRequestHandler, "disable_nagle_algorithm", True)
        # Thousands of requests: chalice's server would log each to stderr (and a failure's output).
        patch.setattr(ChaliceRequestHandler, "log_message", lambda *_: None)
        desk = platform.desk

        def fresh_reference() -> str:
            return report(platform.api, desk["eleni"])["reference"]

        reference = fresh_reference()
        examples = {
            "municipality": "chalkida",
            "reference": reference,
            "request_file": f"{reference}.json",
            "code": "pothole",
            "service_file": "pothole.json",
            "domain": "parking",
            "day": "today",
        }
        server = ApiServer(ROOT / "functions" / "api", free_port())
        server.start()
        try:
            with urllib.request.urlopen(f"{server.url}/v1/openapi.json") as answer:
                document = json.load(answer)
            headers = {
                "anonymous": {},
                "citizen": {"Authorization": f"Bearer {desk['eleni']}"},
                "staff-admin": {"Authorization": f"Bearer {desk['admin']}"},
                "api-key": {"x-api-key": LOCAL_API_KEY},
            }
            placeholders = {
                desk["eleni"]: "$CITIZEN_TOKEN",
                desk["admin"]: "$STAFF_TOKEN",
                server.url: "$API",
            }
            yield ContractTarget(
                server.url,
                _with_examples(document, examples),
                headers,
                examples,
                placeholders,
                fresh_reference,
            )
        finally:
            server.stop()


# Values tried, in order, for a path parameter that names nothing the desk holds: the first its
# schema admits, so that the request gets past the route's path checks to its body.
_SHAPED = ("x", "0000000000000000", "c-20260101000000-000000", "1", "2026-01-01", "today")


def filled_path(path: str, operation: dict[str, Any], examples: dict[str, str]) -> tuple[str, bool]:
    """The path with its parameters filled in; and whether one names something the desk does not hold."""
    unknown = False
    for parameter in operation.get("parameters", ()):
        if parameter["in"] != "path":
            continue
        value = examples.get(parameter["name"])
        if value is None:
            unknown = True
            pattern = parameter.get("schema", {}).get("pattern")
            value = next((v for v in _SHAPED if not pattern or re.search(pattern, v)), "x")
        path = path.replace("{" + parameter["name"] + "}", quote(value, safe=""))
    return path, unknown


# --- The fixed corpus -------------------------------------------------------------------------------

TEN_MB = 10 * 1024 * 1024


@dataclass(frozen=True)
class BodyCase:
    name: str
    make: Callable[[list[str]], tuple[bytes, str]]
    """The documented body fields -> the body, and a Python expression that builds it (for curl)."""
    expected: frozenset[int]
    json_only: bool = True
    """Only sent to operations that take JSON (the others, e.g. text/csv, get the generic cases)."""


def _literal(body: bytes) -> tuple[bytes, str]:
    return body, repr(body)


def _nul_in_strings(fields: list[str]) -> tuple[bytes, str]:
    return _literal(json.dumps({name: "a\u0000b" for name in fields}).encode())


def _raw_nul_in_a_string(fields: list[str]) -> tuple[bytes, str]:
    # Unescaped control characters are not JSON (RFC 8259, section 7).
    return _literal(b'{"' + fields[0].encode() + b'": "a\x00b"}')


def _non_finite_numbers(fields: list[str]) -> tuple[bytes, str]:
    values = (math.nan, math.inf, -math.inf)
    body = json.dumps({name: values[i % 3] for i, name in enumerate(fields)})  # NaN, Infinity, -Infinity
    return _literal(body.encode())


def _ten_mb(fields: list[str]) -> tuple[bytes, str]:
    head, tail = b'{"' + fields[0].encode() + b'": "', b'"}'
    filler = TEN_MB - len(head) - len(tail)
    return head + b"x" * filler + tail, f"{head!r} + b'x' * {filler} + {tail!r}"


# What the caller the route admits gets (without credentials: see the test). No route can take any
# of these, so each is refused with 400: the body is not JSON, or not of the documented shape.
# NaN/Infinity and raw control characters are not JSON (RFC 8259), although Python's json module
# reads them; NUL is no text a route takes (it would go on to DynamoDB, notifications, exports).
# 10 MB is over API Gateway's payload limit (and Lambda's 6 MB): 413, as the gateway answers.
BODY_CORPUS = (
    BodyCase(
        "JSON nested 1,000 arrays deep",
        lambda _: (b"[" * 1000 + b"]" * 1000, "b'[' * 1000 + b']' * 1000"),
        frozenset({400}),
    ),
    BodyCase("invalid UTF-8", lambda _: _literal(b"\xff\xfe\xfa"), frozenset({400}), json_only=False),
    BodyCase("NUL (\\u0000) in JSON strings", _nul_in_strings, frozenset({400})),
    BodyCase("raw NUL byte in a JSON string", _raw_nul_in_a_string, frozenset({400})),
    BodyCase("NaN/Infinity number literals", _non_finite_numbers, frozenset({400})),
    BodyCase("10 MB body", _ten_mb, frozenset({413}), json_only=False),
)

# Query values: the same hostile input, percent-encoded into each documented query parameter.
QUERY_CORPUS: tuple[tuple[str, bytes], ...] = (
    ("nested 1,000 arrays deep", b"[" * 1000 + b"]" * 1000),
    ("invalid UTF-8", b"\xff\xfe\xfa"),
    ("NUL byte", b"a\x00b"),
    ("NaN", b"NaN"),
    ("Infinity", b"Infinity"),
)


def body_fields(document: dict[str, Any], operation: dict[str, Any]) -> list[str]:
    """The documented fields of the operation's body (a made-up one when it documents none)."""
    schema = next(iter(operation["requestBody"]["content"].values()))["schema"]
    if "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return list(schema.get("properties", {})) or ["description"]


def corpus_query_cases(
    document: dict[str, Any], operation: dict[str, Any]
) -> Iterator[tuple[str, str, frozenset[int]]]:
    """(case, query string, statuses expected) for each documented query parameter and corpus value.

    A value the parameter's schema does not admit must be refused with 400. One it admits (any text,
    for a plain string) may get any answer the operation documents, except a 5xx. The value judged
    is the one the function receives: API Gateway, like chalice's local gateway, hands over the
    query decoded as UTF-8, the bytes that are not UTF-8 as U+FFFD.
    """
    documented = frozenset(int(status) for status in operation["responses"] if int(status) < 500)
    for parameter in operation.get("parameters", ()):
        if parameter["in"] != "query":
            continue
        schema = {**parameter["schema"], "components": document["components"]}
        validator = Draft202012Validator(schema, format_checker=FormatChecker())
        for name, value in QUERY_CORPUS:
            received = value.decode("utf-8", errors="replace")
            expected = documented if validator.is_valid(received) else frozenset({400})
            yield f"{name} in ?{parameter['name']}", f"{parameter['name']}={quote(value, safe='')}", expected


# --- Findings ---------------------------------------------------------------------------------------

_MAX_REPRODUCER = 4000
# Titles of Schemathesis's failures (not_a_server_error's, status_code_conformance's).
_5XX = "Server error"
_UNDOCUMENTED = "Undocumented status code"
# Lines of negative_data_rejection's message that its kind and the test's config already say.
_SAID_BY_KIND = ("Invalid data should have been rejected", "Expected: ")


@dataclass
class Finding:
    caller: str
    method: str
    path: str
    kind: str
    status: int | None
    detail: str
    reproducer: str
    times: int = 1

    @property
    def summary(self) -> str:
        """The line that says what is wrong (grouping the same problem across operations)."""
        lines = [line.strip() for line in self.detail.splitlines() if line.strip()]
        # negative_data_rejection's first line is the same for all; what differs is what was invalid.
        return next(
            (line for line in lines if line.startswith("Invalid component")), lines[0] if lines else ""
        )


@dataclass
class Findings:
    """Failures: one per caller, operation, kind and status, with the first request that showed it."""

    target: ContractTarget
    caller: str | None = None
    cases: int = 0
    failures: dict[tuple[str, str, str, str, int | None, str], Finding] = field(default_factory=dict)

    def _add(
        self, caller: str, method: str, path: str, kind: str, status: int | None, detail: str, curl: str
    ) -> None:
        for text, placeholder in self.target.placeholders.items():
            curl = curl.replace(text, placeholder)
        if len(curl) > _MAX_REPRODUCER:
            curl = curl[:_MAX_REPRODUCER] + " ...[cut]"
        finding = Finding(caller, method.upper(), path, kind, status, detail, curl)
        key = (caller, finding.method, path, kind, status, finding.summary)
        if key in self.failures:
            self.failures[key].times += 1
        else:
            self.failures[key] = finding

    def record_scenario(self, recorder: Any) -> None:
        """What Schemathesis's engine recorded for one operation in one phase: cases, checks, failures."""
        assert self.caller is not None
        self.cases += len(recorder.cases)
        for case_id, checks in recorder.checks.items():
            for check in checks:
                if check.failure_info is None:
                    continue
                failure = check.failure_info.failure
                failing_id = failure.case_id or case_id
                case = recorder.cases[failing_id].value
                interaction = recorder.interactions.get(failing_id)
                response = interaction.response if interaction is not None else None
                status = getattr(response, "status_code", None)
                curl = check.failure_info.code_sample
                self._add(self.caller, case.method, case.path, failure.title, status, failure.message, curl)

    def engine_error(self, label: str, message: str) -> None:
        """An operation (or the run) Schemathesis could not test, e.g. a schema it cannot generate from."""
        assert self.caller is not None
        method, _, path = label.partition(" ")
        if not path.startswith("/"):
            method, path = "-", label
        self._add(self.caller, method, path, "Not tested (Schemathesis error)", None, message, "")

    def expect(
        self,
        session: requests.Session,
        method: str,
        path: str,
        url: str,
        caller: str,
        case: str,
        expected: frozenset[int],
        body: tuple[bytes, str] | None = None,
        content_type: str | None = None,
    ) -> None:
        """Send one corpus request; a finding unless it is answered with one of the expected statuses."""
        self.cases += 1
        headers = dict(self.target.headers[caller])
        if content_type is not None:
            headers["Content-Type"] = content_type
        curl = _curl(method, url, headers, body[1] if body else None)
        try:
            response = session.request(method.upper(), url, headers=headers, data=body[0] if body else None)
        except requests.RequestException as error:
            self._add(caller, method, path, f"Corpus: {case}", None, f"No answer: {error!r}", curl)
            return
        if response.status_code not in expected:
            detail = f"Expected {', '.join(map(str, sorted(expected)))}; answered: {response.text[:300]}"
            self._add(caller, method, path, f"Corpus: {case}", response.status_code, detail, curl)

    def report(self, title: str) -> str:
        """All findings by kind and status; the same problem on many operations once, with one curl."""
        server_errors = {
            (f.caller, f.method, f.path, f.status) for f in self.failures.values() if f.kind == _5XX
        }
        shown = [
            f
            for f in self.failures.values()
            # A 5xx is also an undocumented status: status_code_conformance's view of the server error.
            if not (f.kind == _UNDOCUMENTED and (f.caller, f.method, f.path, f.status) in server_errors)
        ]
        kinds: dict[tuple[str, int], dict[str, list[Finding]]] = {}
        for finding in shown:
            problems = kinds.setdefault((finding.kind, finding.status or 0), {})
            problems.setdefault(finding.summary, []).append(finding)
        lines = [f"{len(shown)} contract failures {title} ({self.cases} requests). {_REPLAY}"]
        for (kind, status), problems in sorted(kinds.items()):
            lines.append(f"\n=== {kind} -> {status or 'no answer'}")
            for summary, findings in sorted(problems.items(), key=lambda p: (-len(p[1]), p[0])):
                findings.sort(key=lambda f: (f.path, f.method, f.caller))
                where = [
                    f"{f.method} {f.path} as {f.caller}" + (f" (x{f.times})" if f.times > 1 else "")
                    for f in findings
                ]
                if len(findings) == 1:
                    lines.append(f"- {where[0]}: {summary or '(no detail)'}")
                else:
                    lines.append(f"- {summary or '(no detail)'}: on {len(findings)} operations")
                    lines.extend(f"    {w}" for w in where)
                detail = [
                    line
                    for line in findings[0].detail.strip().splitlines()
                    if line.strip() and line.strip() != summary and not line.startswith(_SAID_BY_KIND)
                ]
                lines.extend(f"    | {line[:200]}" for line in detail[:6])
                if findings[0].reproducer:
                    lines.append(f"    $ {findings[0].reproducer}")
        return "\n".join(lines)


def _curl(method: str, url: str, headers: dict[str, str], body_expression: str | None) -> str:
    parts = ["curl", "-sS", "-X", method.upper(), shlex.quote(url)]
    for name, value in headers.items():
        parts += ["-H", shlex.quote(f"{name}: {value}")]
    command = " ".join(parts)
    if body_expression is None:
        return command
    program = f"import sys; sys.stdout.buffer.write({body_expression})"
    return f"python3 -c {shlex.quote(program)} | {command} --data-binary @-"
