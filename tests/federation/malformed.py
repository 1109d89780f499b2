"""Malformed signature headers a hostile or broken peer could send, each with the reason we give.

Each case turns the headers of a correctly signed POST into broken ones; the parser and the real
inbox must refuse every one with 401 and this reason, never with a 500.
"""

from __future__ import annotations

import re


def _lower(headers: dict) -> dict:
    return {k.lower(): v for k, v in headers.items()}


def _sig_param(headers, name, value, *, quoted=True):
    """Add (or replace) one parameter of the draft-cavage Signature header."""
    headers = _lower(headers)
    rendered = f'{name}="{value}"' if quoted else f"{name}={value}"
    pattern = re.compile(rf'{name}=("[^"]*"|[0-9]+)', re.IGNORECASE)
    if pattern.search(headers["signature"]):
        headers["signature"] = pattern.sub(lambda _m: rendered, headers["signature"])
    else:
        headers["signature"] = headers["signature"] + "," + rendered
    return headers


def _set(name, value):
    def mutate(headers):
        headers = _lower(headers)
        headers[name] = value
        return headers

    return mutate


def _drop(name):
    def mutate(headers):
        headers = _lower(headers)
        headers.pop(name, None)
        return headers

    return mutate


def _param(name, value, quoted=True):
    return lambda headers: _sig_param(headers, name, value, quoted=quoted)


def _prefix(text):
    def mutate(headers):
        headers = _lower(headers)
        headers["signature"] = text + headers["signature"]
        return headers

    return mutate


def _twice(headers):
    """Two Signature headers arrive joined by a comma (that is how Django presents them)."""
    headers = _lower(headers)
    headers["signature"] = headers["signature"] + ", " + headers["signature"]
    return headers


def _huge(headers):
    headers = _lower(headers)
    headers["signature"] = headers["signature"] + ',junk="' + "a" * 100_000 + '"'
    return headers


# (case id, mutation, words the refusal must contain)
CAVAGE = [
    ("created-not-a-number", _param("created", "abc"), "created"),
    ("created-overflow", _param("created", "99999999999999999999", quoted=False), "created"),
    ("created-negative", _param("created", "-5"), "created"),
    ("expires-not-a-number", _param("expires", "soon"), "expires"),
    ("expires-overflow", _param("expires", "99999999999999999999", quoted=False), "expires"),
    ("expires-past", _param("expires", "1000000000", quoted=False), "expired"),
    ("duplicate-keyid", _prefix('keyId="https://evil.example/k",'), "more than once"),
    ("two-signature-headers", _twice, "more than once"),
    ("keyid-empty", _param("keyId", ""), "keyId"),
    ("keyid-not-a-url", _param("keyId", "main-key"), "keyId"),
    ("keyid-bad-url", _param("keyId", "http://[::1/users/a#k"), "keyId"),
    ("keyid-non-ascii", _param("keyId", "https://peer.example/üser#k"), "not ASCII"),
    ("algorithm-empty", _param("algorithm", ""), "unsupported"),
    ("algorithm-unknown", _param("algorithm", "hmac-sha256"), "unsupported"),
    ("headers-empty", _param("headers", ""), "headers"),
    ("headers-duplicated", _param("headers", "(request-target) host date digest date"), "headers"),
    ("headers-not-a-name", _param("headers", "(request-target) host date digest a:b"), "headers"),
    (
        "headers-uncovered-created",
        _param("headers", "(request-target) host date digest (created)"),
        "created",
    ),
    ("signature-empty", _param("signature", ""), "signature"),
    ("signature-not-base64", _param("signature", "!!not base64!!"), "base64"),
    ("garbage", _set("signature", 'keyId="x", what'), "malformed Signature"),
    ("huge", _huge, "too long"),
    ("date-garbage", _set("date", "yesterday at noon"), "Date"),
    ("date-year-overflow", _set("date", "Sat, 31 Dec 99999 23:59:59 GMT"), "Date"),
    ("date-offset-overflow", _set("date", "Sat, 21 Nov 2026 12:00:00 +9999"), "Date"),
    ("date-non-ascii", _set("date", "Sat, 21 Nov 2026 12:00:00 GMT\u00e9"), "Date"),
    ("date-missing", _drop("date"), "date"),
    ("digest-no-value", _set("digest", "SHA-256"), "Digest"),
    ("digest-empty", _set("digest", ""), "Digest"),
    ("digest-other-algorithm", _set("digest", "MD5=abc"), "SHA-256"),
    ("digest-non-ascii", _set("digest", "SHA-256=\u00e9\u00e9"), "Digest"),
    ("digest-huge", _set("digest", "SHA-256=" + "A" * 100_000), "Digest"),
]


def _input(value):
    return _set("signature-input", value)


def _components(created, key_id):
    return f'sig1=("@method" "@target-uri" "content-digest");created={created};keyid="{key_id}"'


def rfc9421_cases(created: int, key_id: str):
    """RFC 9421 cases for a request signed at `created` with `key_id`."""
    return [
        ("input-garbage", _input("sig1=(((("), "Signature-Input"),
        (
            "input-not-a-list",
            _input(f'sig1=1;created={created};keyid="{key_id}"'),
            "Signature-Input",
        ),
        (
            "input-a-string",
            _input(f'sig1="x";created={created};keyid="{key_id}"'),
            "Signature-Input",
        ),
        (
            "input-two-labels",
            _input(
                _components(created, key_id)
                + ", "
                + _components(created, key_id).replace("sig1", "sig2")
            ),
            "one signature",
        ),
        ("created-max-integer", _input(_components(999_999_999_999_999, key_id)), "future"),
        ("created-negative", _input(_components(-999_999_999_999_999, key_id)), "too old"),
        ("created-boolean", _input(_components("?1", key_id)), "created"),
        ("created-decimal", _input(_components("1.5", key_id)), "created"),
        (
            "keyid-number",
            _input(f'sig1=("@method" "@target-uri" "content-digest");created={created};keyid=5'),
            "keyid",
        ),
        ("keyid-not-a-url", _input(_components(created, "main-key")), "keyid"),
        (
            "input-non-ascii",
            _input(_components(created, key_id) + ';nonce="\u00e9"'),
            "Signature-Input",
        ),
        (
            "input-huge",
            _input(_components(created, key_id) + ';nonce="' + "a" * 100_000 + '"'),
            "too long",
        ),
        ("signature-missing", _drop("signature"), "Signature"),
        ("signature-garbage", _set("signature", "sig1=((("), "Signature header"),
        ("signature-other-label", _set("signature", "sig2=:AAAA:"), "sig1"),
        ("signature-not-bytes", _set("signature", 'sig1="AAAA"'), "Signature header"),
        ("content-digest-missing", _drop("content-digest"), "Content-Digest"),
        ("content-digest-garbage", _set("content-digest", "sha-256=((("), "Content-Digest"),
        ("content-digest-other-algorithm", _set("content-digest", "md5=:AAAA:"), "Content-Digest"),
        ("content-digest-wrong", _set("content-digest", "sha-256=:AAAA:"), "Content-Digest"),
    ]
