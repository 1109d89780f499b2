"""Fuzzing the signature parser: whatever headers a peer sends, the answer is a SignatureError
with a reason (a 401 at the inbox), never another exception (a 500)."""

import datetime as dt
import json
import re
from decimal import Decimal

import http_sf
from hypothesis import given
from hypothesis import strategies as st

from federation.signatures import SignatureError, parse_signed_request, sign_cavage, sign_rfc9421
from tests.federation.conftest import keypair
from tests.strategies import characters, text

URL = "https://like.example/ap/inbox"
KEY_ID = "https://peer.example/users/alice#main-key"
NOW = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)
BODY = json.dumps({"type": "Follow", "id": "https://peer.example/f/1"}).encode()
CAVAGE_PIECES = [
    "keyId=", "algorithm=", "headers=", "signature=", "created=", "expires=", '"', ",", " ",
    "=", "0", "1763726400", "99999999999999999999", "-1", "hs2019", "rsa-sha256", KEY_ID,
    "(request-target)", "(created)", "(expires)", "host", "date", "digest", "AAAA", "==",
]  # fmt: skip
SF_PIECES = [
    "sig1=", "(", ")", '"@method"', '"@target-uri"', '"content-digest"', ";", "created=",
    "keyid=", "expires=", "alg=", '"', ":", "AAAA", "=", ",", " ", "?1", "1.5", "-", "1763726400",
    "999999999999999", f'"{KEY_ID}"', '"rsa-v1_5-sha256"', "sha-256=", "sha-512=",
]  # fmt: skip


def _cavage():
    private, _public = keypair(0)
    return sign_cavage("POST", URL, key_id=KEY_ID, private_key_pem=private, body=BODY, now=NOW)


def _rfc9421():
    private, _public = keypair(0)
    headers = sign_rfc9421("POST", URL, key_id=KEY_ID, private_key_pem=private, body=BODY, now=NOW)
    return {k.lower(): v for k, v in headers.items()}


def _outcome(headers, body=BODY):
    """ "accepted" or the refusal's reason; any other exception fails the test."""
    try:
        signed = parse_signed_request("POST", URL, headers, body, now=NOW)
        signed.verify(keypair(0)[1])
    except SignatureError as exc:
        assert str(exc), "a refusal says why"
        return str(exc)
    return "accepted"


# -- draft-cavage ---------------------------------------------------------------------------


@given(text(pieces=CAVAGE_PIECES, max_size=200))
def test_any_cavage_signature_header_is_refused_with_a_reason(value):
    """Any text as the Signature header: accepted only if it is the real signature, else refused
    with a reason; never an exception the inbox would answer with 500."""
    headers = dict(_cavage(), Signature=value)
    assert _outcome(headers) != "accepted" or value.strip() == headers["Signature"].strip()


_param_names = st.one_of(
    st.sampled_from(["keyId", "algorithm", "headers", "signature", "created", "expires"]),
    st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzKI"), min_size=1, max_size=8),
)
_param_values = st.one_of(
    text(pieces=CAVAGE_PIECES, max_size=40).map(lambda v: '"' + v.replace('"', "") + '"'),
    st.integers(min_value=0, max_value=10**30).map(str),
    st.sampled_from(['""', '"abc"', "99999999999999999999", '"-5"', f'"{KEY_ID}"']),
)


@given(
    st.lists(st.tuples(_param_names, _param_values), max_size=8),
    st.sampled_from([",", ", ", " , ", ",\t"]),
)
def test_structured_cavage_parameters_are_refused_with_a_reason(params, separator):
    """Signature headers built from real parameter names with odd values (empty, huge, negative,
    non-ASCII, duplicated) are refused with a reason or, if all is right, accepted."""
    real = _cavage()["Signature"]
    value = separator.join([real, *(f"{name}={val}" for name, val in params)])
    _outcome(dict(_cavage(), Signature=value))


@given(st.data())
def test_a_damaged_cavage_header_is_refused_with_a_reason(data):
    """The real header with a slice cut out or replaced by anything is refused with a reason."""
    headers = _cavage()
    value = headers["Signature"]
    start = data.draw(st.integers(0, len(value)))
    end = data.draw(st.integers(start, min(len(value), start + 30)))
    insert = data.draw(text(pieces=CAVAGE_PIECES, max_size=20))
    _outcome(dict(headers, Signature=value[:start] + insert + value[end:]))


_space = st.sampled_from(["", " ", "  ", "\t"])


@given(st.permutations(range(4)), st.lists(_space, min_size=9, max_size=9))
def test_a_reformatted_cavage_header_is_the_same_signature(order, spaces):
    """The same signature with its parameters reordered and spaced differently still verifies
    and has the same replay token: a replay cannot slip through by reformatting the header."""
    headers = _cavage()
    params = re.findall(r'(\w+)="([^"]*)"', headers["Signature"])
    parts = [
        f'{spaces[2 * i]}{params[n][0]}{spaces[2 * i + 1]}="{params[n][1]}"'
        for i, n in enumerate(order)
    ]
    reformatted = dict(headers, Signature=",".join(parts) + spaces[8])
    original = parse_signed_request("POST", URL, headers, BODY, now=NOW)
    again = parse_signed_request("POST", URL, reformatted, BODY, now=NOW)
    again.verify(keypair(0)[1])
    assert again.replay_token == original.replay_token


@given(
    st.sampled_from(["Date", "Digest", "Host"]),
    text(pieces=["Sat, 21 Nov 2026 12:00:00 GMT", "SHA-256=", "+9999", "99999", ","]),
)
def test_any_date_digest_or_host_is_refused_with_a_reason(name, value):
    """Any Date, Digest or Host value beside a real signature is refused with a reason."""
    _outcome(dict(_cavage(), **{name: value}))


@given(
    st.dictionaries(
        text(st.characters(exclude_categories=("Cs",)), max_size=12),
        text(max_size=40),
        max_size=6,
    )
)
def test_any_other_headers_beside_a_signature_are_handled(extra):
    """Headers with any name and value (non-ASCII, controls, beyond Latin-1) beside a real
    signature never raise anything but a SignatureError."""
    headers = _cavage()
    headers.update({k: v for k, v in extra.items() if k})
    _outcome(headers)


# -- RFC 9421 -------------------------------------------------------------------------------


@given(
    st.sampled_from(["signature-input", "signature", "content-digest"]),
    text(pieces=SF_PIECES, max_size=200),
)
def test_any_rfc9421_header_is_refused_with_a_reason(name, value):
    """Any text as Signature-Input, Signature or Content-Digest is refused with a reason."""
    headers = _rfc9421()
    original = headers[name]
    headers[name] = value
    assert _outcome(headers) != "accepted" or value.strip() == original.strip()


_sf_bare = st.one_of(
    st.integers(min_value=-999_999_999_999_999, max_value=999_999_999_999_999),
    st.decimals(min_value=-999_999_999, max_value=999_999_999, places=3).map(Decimal),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=20),
    st.binary(max_size=16),
    st.booleans(),
    st.sampled_from([http_sf.Token("x"), KEY_ID, "@method", "@target-uri", "content-digest"]),
)
_sf_created = st.one_of(
    st.just(int(NOW.timestamp())),
    st.integers(min_value=-999_999_999_999_999, max_value=999_999_999_999_999),
    _sf_bare,
)
_sf_optional = {
    "expires": _sf_created,
    "alg": st.one_of(st.sampled_from(["rsa-v1_5-sha256", "rsa-pss-sha512", "hmac"]), _sf_bare),
    "nonce": _sf_bare,
}
_sf_params = st.one_of(
    # Mostly the parameters a verifier needs, with odd values; sometimes anything.
    st.fixed_dictionaries(
        {"keyid": st.one_of(st.just(KEY_ID), _sf_bare), "created": _sf_created},
        optional=_sf_optional,
    ),
    st.fixed_dictionaries({}, optional={"keyid": _sf_bare, "created": _sf_bare, **_sf_optional}),
)
_components = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(["@method", "@target-uri", "content-digest", "@path"]), _sf_bare),
        st.just({}),
    ),
    max_size=5,
)
_sf_member = st.one_of(st.tuples(_components, _sf_params), st.tuples(_sf_bare, _sf_params))


@given(
    st.one_of(
        st.builds(lambda member: {"sig1": member}, _sf_member),
        st.dictionaries(st.sampled_from(["sig1", "sig2", "a"]), _sf_member, min_size=1, max_size=3),
    ),
    st.dictionaries(st.sampled_from(["sig1", "sig2"]), st.tuples(_sf_bare, st.just({}))),
)
def test_structured_rfc9421_values_are_refused_with_a_reason(inputs, signatures):
    """Well-formed structured fields with any members (an item instead of a list, a boolean or a
    15-digit created, bytes as keyid ...) are refused with a reason."""
    headers = _rfc9421()
    headers["signature-input"] = http_sf.ser(inputs)
    if signatures:
        headers["signature"] = http_sf.ser(signatures)
    _outcome(headers)


@given(st.lists(characters, max_size=30).map("".join))
def test_non_ascii_in_signature_input_is_refused(junk):
    """Signature-Input with any characters appended (non-ASCII, controls) is refused cleanly."""
    headers = _rfc9421()
    headers["signature-input"] += junk
    _outcome(headers)
