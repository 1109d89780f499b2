"""HTTP signatures: what a peer's signed request must look like for us to believe it."""

import datetime as dt
import json

import pytest

from federation.signatures import (
    CAVAGE,
    RFC9421,
    SignatureError,
    parse_signed_request,
    sign_cavage,
    sign_rfc9421,
)
from tests.federation import malformed
from tests.federation.conftest import keypair

URL = "https://like.example/ap/inbox"
KEY_ID = "https://peer.example/users/alice#main-key"
NOW = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)
BODY = json.dumps({"type": "Follow", "id": "https://peer.example/f/1"}).encode()


def _cavage(body=BODY, now=NOW, algorithm="rsa-sha256", key=0):
    private, _public = keypair(key)
    return sign_cavage(
        "POST", URL, key_id=KEY_ID, private_key_pem=private, body=body, now=now, algorithm=algorithm
    )


def _verify(headers, body=BODY, now=NOW, key=0, method="POST", url=URL):
    signed = parse_signed_request(method, url, headers, body, now=now)
    signed.verify(keypair(key)[1])
    return signed


@pytest.mark.parametrize("algorithm", ["rsa-sha256", "hs2019"])
def test_cavage_round_trip(algorithm):
    """A POST signed draft-cavage style (rsa-sha256 or hs2019) is accepted with its key id."""
    signed = _verify(_cavage(algorithm=algorithm))
    assert signed.scheme == CAVAGE
    assert signed.key_id == KEY_ID
    assert signed.covered == ["(request-target)", "host", "date", "digest"]


def test_rfc9421_round_trip():
    """A POST signed per RFC 9421 with a Content-Digest is accepted."""
    private, _ = keypair(0)
    headers = sign_rfc9421("POST", URL, key_id=KEY_ID, private_key_pem=private, body=BODY, now=NOW)
    assert "content-digest" in {k.lower() for k in headers}
    signed = _verify(headers)
    assert signed.scheme == RFC9421


def test_signed_get_round_trip():
    """A signed GET (authorized fetch) needs no digest."""
    private, _ = keypair(0)
    headers = sign_cavage("GET", URL, key_id=KEY_ID, private_key_pem=private, now=NOW)
    _verify(headers, body=b"", method="GET")


def test_wrong_key_is_refused():
    """A signature made with another key than the actor's is refused."""
    with pytest.raises(SignatureError, match="does not match"):
        _verify(_cavage(key=1), key=0)


def test_rfc9421_wrong_key_is_refused():
    """An RFC 9421 signature made with another key is refused."""
    private, _ = keypair(1)
    headers = sign_rfc9421("POST", URL, key_id=KEY_ID, private_key_pem=private, body=BODY, now=NOW)
    with pytest.raises(SignatureError):
        _verify(headers, key=0)


def test_tampered_body_is_refused():
    """Changing one byte of the body after signing breaks the Digest."""
    with pytest.raises(SignatureError, match="Digest does not match"):
        _verify(_cavage(), body=BODY.replace(b"Follow", b"Delete"))


def test_tampered_digest_is_refused():
    """A Digest rewritten to match a new body no longer matches the signature."""
    from federation.signatures import digest_header

    body = BODY.replace(b"Follow", b"Delete")
    headers = _cavage()
    headers["Digest"] = digest_header(body)
    with pytest.raises(SignatureError, match="does not match"):
        _verify(headers, body=body)


def test_rfc9421_tampered_body_is_refused():
    """A body changed after an RFC 9421 signature was made is refused."""
    private, _ = keypair(0)
    headers = sign_rfc9421("POST", URL, key_id=KEY_ID, private_key_pem=private, body=BODY, now=NOW)
    with pytest.raises(SignatureError):
        _verify(headers, body=BODY + b" ")


def test_other_path_is_refused():
    """A signature for one inbox is not valid on another (request-target is covered)."""
    with pytest.raises(SignatureError):
        _verify(_cavage(), url="https://like.example/ap/actors/like/inbox")


@pytest.mark.parametrize("missing", ["Date", "Digest", "Signature"])
def test_missing_headers_are_refused(missing):
    """A signed request missing its Date, Digest or Signature header is refused."""
    headers = _cavage()
    del headers[missing]
    with pytest.raises(SignatureError):
        _verify(headers)


def test_signature_not_covering_digest_is_refused():
    """A POST whose signature leaves the digest uncovered could carry any body: refused."""
    headers = _cavage()
    headers["Signature"] = headers["Signature"].replace(
        'headers="(request-target) host date digest"', 'headers="(request-target) host date"'
    )
    with pytest.raises(SignatureError, match="cover digest"):
        _verify(headers)


def test_old_date_is_refused():
    """A request signed two hours ago is refused (window of one hour)."""
    headers = _cavage(now=NOW - dt.timedelta(hours=2))
    with pytest.raises(SignatureError, match="too old"):
        _verify(headers)


def test_future_date_is_refused():
    """A request dated two hours in the future is refused as from the future."""
    headers = _cavage(now=NOW + dt.timedelta(hours=2))
    with pytest.raises(SignatureError, match="future"):
        _verify(headers)


def test_rfc9421_old_signature_is_refused():
    """An RFC 9421 signature made three hours ago is refused as too old."""
    private, _ = keypair(0)
    headers = sign_rfc9421(
        "POST",
        URL,
        key_id=KEY_ID,
        private_key_pem=private,
        body=BODY,
        now=NOW - dt.timedelta(hours=3),
    )
    with pytest.raises(SignatureError, match="too old"):
        _verify(headers)


def test_replay_token_is_stable():
    """The same signed request gives the same replay token; another signature another one."""
    headers = _cavage()
    a = parse_signed_request("POST", URL, headers, BODY, now=NOW)
    b = parse_signed_request("POST", URL, dict(headers), BODY, now=NOW)
    c = parse_signed_request("POST", URL, _cavage(now=NOW + dt.timedelta(seconds=1)), BODY, now=NOW)
    assert a.replay_token == b.replay_token != c.replay_token


def test_unsupported_algorithm_is_refused():
    """A signature claiming an algorithm we do not support (hmac-sha256) is refused, saying so."""
    headers = _cavage()
    headers["Signature"] = headers["Signature"].replace("rsa-sha256", "hmac-sha256")
    with pytest.raises(SignatureError, match="unsupported"):
        _verify(headers)


def test_malformed_signature_header_is_refused():
    """A Signature header that cannot be parsed is refused."""
    with pytest.raises(SignatureError):
        _verify({**_cavage(), "Signature": "garbage"})


# -- malformed headers: always a SignatureError that says why, never another exception ----------


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [pytest.param(m, r, id=i) for i, m, r in malformed.CAVAGE],
)
def test_malformed_cavage_header_is_refused_with_reason(mutate, reason):
    """Every malformed draft-cavage header (created="abc", a 20-digit expires, a duplicated keyId,
    a non-ASCII or huge value, a broken Date or Digest ...) is refused saying which field is wrong:
    the sending server's admin reads why instead of our server answering 500."""
    headers = mutate(_cavage())
    with pytest.raises(SignatureError, match=reason):
        _verify(headers)


def _rfc9421(now=NOW):
    private, _ = keypair(0)
    return sign_rfc9421("POST", URL, key_id=KEY_ID, private_key_pem=private, body=BODY, now=now)


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [pytest.param(m, r, id=i) for i, m, r in malformed.rfc9421_cases(int(NOW.timestamp()), KEY_ID)],
)
def test_malformed_rfc9421_header_is_refused_with_reason(mutate, reason):
    """Every malformed RFC 9421 Signature-Input, Signature or Content-Digest header is refused with
    a reason naming the field, never with another exception."""
    headers = mutate(_rfc9421())
    with pytest.raises(SignatureError, match=reason):
        _verify(headers)


def test_reformatted_cavage_header_keeps_its_replay_token():
    """A replayed request whose Signature header gained spaces after its commas (same signature
    value, same key) has the same replay token, so the inbox still sees the replay."""
    headers = _cavage()
    spaced = dict(headers, Signature=headers["Signature"].replace('",', '", '))
    assert spaced["Signature"] != headers["Signature"]
    a = _verify(headers)
    b = _verify(spaced)
    assert a.replay_token == b.replay_token


def test_reformatted_rfc9421_headers_keep_their_replay_token():
    """Re-spacing an RFC 9421 Signature-Input (same covered components, same signature) does not
    make a fresh replay token."""
    headers = {k.lower(): v for k, v in _rfc9421().items()}
    spaced = dict(headers, **{"signature-input": headers["signature-input"].replace(" ", "  ")})
    spaced["signature"] = " " + headers["signature"] + " "
    a = parse_signed_request("POST", URL, headers, BODY, now=NOW)
    b = parse_signed_request("POST", URL, spaced, BODY, now=NOW)
    assert a.replay_token == b.replay_token


def test_replay_token_depends_on_key_id():
    """The same signature bytes claimed for another key id are another token (and would not
    verify anyway): the token is the key and the signature, not the header's text."""
    headers = _cavage()
    other = dict(
        headers, Signature=headers["Signature"].replace(KEY_ID, KEY_ID.replace("alice", "bob"))
    )
    a = parse_signed_request("POST", URL, headers, BODY, now=NOW)
    b = parse_signed_request("POST", URL, other, BODY, now=NOW)
    assert a.replay_token != b.replay_token
