"""HTTP signatures, pure: draft-cavage (rsa-sha256, hs2019) and RFC 9421, signing and verifying.

Values in, values out: no database, no network. The inbox finds the key and keeps the replay
memory; this module only says whether a request is signed by a key and is fresh.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import urlsplit

import http_message_signatures as hms
import http_sf
import httpx
from cryptography.exceptions import InvalidSignature as CryptoInvalidSignature
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

CAVAGE = "cavage"
RFC9421 = "rfc9421"
DEFAULT_WINDOW = 3600
RFC9421_COMPONENTS = ("@method", "@target-uri", "content-digest")


class SignatureError(Exception):
    """The request is not signed, or not in a way we accept; `str()` says why."""


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or dt.datetime.now(dt.UTC)


def http_date(now: dt.datetime | None = None) -> str:
    return format_datetime(_now(now).astimezone(dt.UTC), usegmt=True)


def digest_header(body: bytes) -> str:
    """The draft-cavage Digest header for a body."""
    return "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode()


@functools.lru_cache(maxsize=512)
def _load_private(pem: str | bytes):
    # Parsing and validating an RSA key costs far more than signing with it: keep parsed keys.
    # Private keys are only ever ours (made by generate_keypair), so validation is skipped.
    key = serialization.load_pem_private_key(
        pem.encode() if isinstance(pem, str) else pem, None, unsafe_skip_rsa_key_validation=True
    )
    if not isinstance(key, rsa.RSAPrivateKey):
        raise SignatureError("only RSA keys are supported")
    return key


@functools.lru_cache(maxsize=2048)
def _load_public(pem: str | bytes):
    try:
        key = serialization.load_pem_public_key(pem.encode() if isinstance(pem, str) else pem)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise SignatureError("the actor's public key is not a valid PEM key") from exc
    if not isinstance(key, rsa.RSAPublicKey):
        raise SignatureError("only RSA keys are supported")
    return key


def _request_target(method: str, url: str) -> str:
    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return f"{method.lower()} {path}"


# -- draft-cavage -------------------------------------------------------------------------------


def sign_cavage(
    method: str,
    url: str,
    *,
    key_id: str,
    private_key_pem: str,
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    algorithm: str = "rsa-sha256",
    now: dt.datetime | None = None,
) -> dict[str, str]:
    """Headers to add to a request so a draft-cavage verifier accepts it.

    POSTs cover (request-target) host date digest; GETs (request-target) host date.
    """
    out = dict(headers or {})
    out.setdefault("Host", urlsplit(url).netloc)
    out.setdefault("Date", http_date(now))
    covered = ["(request-target)", "host", "date"]
    if body is not None:
        out["Digest"] = digest_header(body)
        covered.append("digest")
    lower = {k.lower(): v for k, v in out.items()}
    lines = []
    for name in covered:
        if name == "(request-target)":
            lines.append(f"(request-target): {_request_target(method, url)}")
        else:
            lines.append(f"{name}: {lower[name]}")
    signature = _load_private(private_key_pem).sign(
        "\n".join(lines).encode(), padding.PKCS1v15(), hashes.SHA256()
    )
    out["Signature"] = (
        f'keyId="{key_id}",algorithm="{algorithm}",headers="{" ".join(covered)}",'
        f'signature="{base64.b64encode(signature).decode()}"'
    )
    return out


_PARAM = re.compile(r'\s*([a-zA-Z]+)\s*=\s*(?:"([^"]*)"|([0-9]+))\s*(?:,|$)')
# A header name (RFC 9110 token, lower-cased) or one of draft-cavage's pseudo-headers.
_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9a-z-]+\Z")
_PSEUDO_HEADERS = {"(request-target)", "(created)", "(expires)"}
# Seconds since 1970 as draft-cavage writes them; twelve digits reach the year 33658.
_TIMESTAMP = re.compile(r"[0-9]{1,12}\Z")
# Real signature headers are well under 2 KB (a 4096-bit RSA signature is 684 base64 characters).
MAX_HEADER_CHARS = 8192
MAX_COVERED = 32


def _as_headers(headers: Mapping[str, str] | httpx.Headers) -> httpx.Headers:
    """The request's headers as httpx.Headers, whatever characters a peer put in them.

    httpx encodes str values as ASCII and raises UnicodeEncodeError otherwise; a server decodes
    the wire's bytes as latin-1, so encoding them back that way gives the bytes that were sent.
    """
    if isinstance(headers, httpx.Headers):
        return headers
    items = []
    for name, value in headers.items():
        try:
            items.append(
                (
                    name if isinstance(name, bytes) else str(name).encode("latin-1"),
                    value if isinstance(value, bytes) else str(value).encode("latin-1"),
                )
            )
        except UnicodeEncodeError as exc:
            raise SignatureError(f"header {str(name)[:40]!r} is not valid") from exc
    return httpx.Headers(items)


def _header(headers: httpx.Headers, name: str, label: str) -> str | None:
    """One signature-related header, refused when too long or not ASCII."""
    value = headers.get(name)
    if value is None:
        return None
    if len(value) > MAX_HEADER_CHARS:
        raise SignatureError(f"{label} header is too long")
    if not value.isascii():
        raise SignatureError(f"{label} header is not ASCII")
    return value


def _check_key_id(value, label: str) -> str:
    """A key id is the URL of the key (the actor's document, often with a fragment)."""
    try:
        parts = urlsplit(value)
        ok = parts.scheme in {"http", "https"} and bool(parts.hostname) and len(value) <= 1000
    except (ValueError, TypeError, AttributeError):
        ok = False
    if not ok:
        raise SignatureError(f"{label} must be an http(s) URL")
    return value


def _check_freshness(created: int, now: dt.datetime, window: int) -> None:
    # Plain arithmetic on seconds: converting an attacker's number to a datetime can overflow.
    skew = created - now.timestamp()
    if skew > window:
        raise SignatureError("signature created time is in the future")
    if -skew > window:
        raise SignatureError("signature created time is too old")


def parse_cavage_signature(value: str) -> dict[str, str]:
    """The parameters of a draft-cavage Signature header (names lower-cased); refuses anything
    malformed, duplicated, too long or not ASCII."""
    if len(value) > MAX_HEADER_CHARS:
        raise SignatureError("Signature header is too long")
    if not value.isascii():
        raise SignatureError("Signature header is not ASCII")
    params: dict[str, str] = {}
    pos = 0
    value = value.strip()
    while pos < len(value):
        match = _PARAM.match(value, pos)
        if not match:
            raise SignatureError("malformed Signature header")
        name = match.group(1).lower()
        if name in params:
            # Two Signature headers arrive joined by a comma: which one would we believe?
            raise SignatureError(f"Signature header has {match.group(1)} more than once")
        params[name] = match.group(2) if match.group(2) is not None else match.group(3)
        pos = match.end()
    for required in ("keyid", "signature"):
        if required not in params:
            raise SignatureError(f"Signature header has no {required}")
    return params


def _cavage_timestamp(params: dict[str, str], name: str) -> int | None:
    if name not in params:
        return None
    if not _TIMESTAMP.match(params[name]):
        raise SignatureError(f"Signature {name} is not a timestamp")
    return int(params[name])


def _cavage_covered(params: dict[str, str]) -> list[str]:
    covered = params.get("headers", "date").lower().split()
    if not covered:
        raise SignatureError("Signature headers list is empty")
    if len(covered) > MAX_COVERED:
        raise SignatureError("Signature headers list is too long")
    for name in covered:
        if name not in _PSEUDO_HEADERS and not _HEADER_NAME.match(name):
            raise SignatureError("Signature headers list has an invalid name")
    if len(set(covered)) != len(covered):
        raise SignatureError("Signature headers list names a header twice")
    return covered


@dataclass
class SignedRequest:
    """A request whose signature parameters have been read and whose freshness and body digest
    have been checked; `verify(public_key_pem)` does the cryptography."""

    scheme: str
    key_id: str
    method: str
    url: str
    headers: httpx.Headers
    body: bytes
    covered: list[str] = field(default_factory=list)
    signing_string: bytes = b""
    signature: bytes = b""
    now: dt.datetime | None = None
    window: int = DEFAULT_WINDOW

    @property
    def replay_token(self) -> str:
        """Identifies this signature: the same token twice is a replay.

        Made of the key id and the decoded signature bytes, not the header's text: the same
        signature with other spacing or parameter order is still the same signature.
        """
        raw = f"{self.scheme}\n{self.key_id}\n".encode() + self.signature
        return hashlib.sha256(raw).hexdigest()

    def verify(self, public_key_pem: str) -> None:
        if self.scheme == CAVAGE:
            key = _load_public(public_key_pem)
            try:
                key.verify(self.signature, self.signing_string, padding.PKCS1v15(), hashes.SHA256())
            except CryptoInvalidSignature as exc:
                raise SignatureError("signature does not match the actor's key") from exc
            return
        _verify_rfc9421(self, public_key_pem)


def _check_date(headers: httpx.Headers, now: dt.datetime, window: int) -> None:
    value = _header(headers, "date", "Date")
    if value is None:
        raise SignatureError("Date header missing")
    try:
        when = parsedate_to_datetime(value)
        skew = (when - now).total_seconds() if when.tzinfo is not None else None
    except (TypeError, ValueError, OverflowError, IndexError, AttributeError) as exc:
        raise SignatureError("malformed Date header") from exc
    if skew is None:
        raise SignatureError("malformed Date header")
    if skew > window:
        raise SignatureError("Date is in the future")
    if -skew > window:
        raise SignatureError("Date is too old")


def _check_digest(headers: httpx.Headers, body: bytes) -> None:
    value = _header(headers, "digest", "Digest")
    if value is None:
        raise SignatureError("Digest header missing")
    expected = base64.b64encode(hashlib.sha256(body).digest()).decode()
    for part in value.split(","):
        algo, _sep, encoded = part.strip().partition("=")
        if algo.lower() == "sha-256":
            if not hmac.compare_digest(encoded.strip(), expected):
                raise SignatureError("Digest does not match the body")
            return
    raise SignatureError("Digest must use SHA-256")


def parse_signed_request(
    method: str,
    url: str,
    headers: Mapping[str, str] | httpx.Headers,
    body: bytes = b"",
    *,
    now: dt.datetime | None = None,
    window: int = DEFAULT_WINDOW,
) -> SignedRequest:
    """Read a request's signature (RFC 9421 if present, else draft-cavage) and check everything
    that needs no key: covered components, Date window, body digest.

    Every way a header can be malformed raises SignatureError saying which and why; nothing a
    peer sends can raise anything else.
    """
    headers = _as_headers(headers)
    now = _now(now)
    method = method.upper()
    if "signature-input" in headers:
        return _parse_rfc9421(method, url, headers, body, now, window)
    value = _header(headers, "signature", "Signature")
    if not value:
        raise SignatureError("request is not signed")
    params = parse_cavage_signature(value)
    key_id = _check_key_id(params["keyid"], "Signature keyId")
    algorithm = params.get("algorithm", "hs2019").lower()
    if algorithm not in {"rsa-sha256", "hs2019"}:
        raise SignatureError(f"unsupported signature algorithm {algorithm[:40]!r}")
    covered = _cavage_covered(params)
    if "(request-target)" not in covered:
        raise SignatureError("signature must cover (request-target)")
    if "host" not in covered:
        raise SignatureError("signature must cover host")
    if "date" not in covered and "(created)" not in covered:
        raise SignatureError("signature must cover date")
    if method == "POST" and "digest" not in covered:
        raise SignatureError("signature must cover digest")
    created = _cavage_timestamp(params, "created")
    expires = _cavage_timestamp(params, "expires")
    lines = []
    for name in covered:
        if name == "(request-target)":
            lines.append(f"(request-target): {_request_target(method, url)}")
        elif name in {"(created)", "(expires)"}:
            if algorithm != "hs2019" or name[1:-1] not in params:
                raise SignatureError(f"{name} needs hs2019 and a {name[1:-1]} parameter")
            lines.append(f"{name}: {params[name[1:-1]]}")
        else:
            values = headers.get_list(name)
            if not values:
                raise SignatureError(f"covered header {name} is missing")
            lines.append(f"{name}: {', '.join(v.strip() for v in values)}")
    if "date" in covered:
        _check_date(headers, now, window)
    if created is not None:
        _check_freshness(created, now, window)
    if expires is not None and expires < now.timestamp():
        raise SignatureError("signature has expired")
    if "digest" in covered or method == "POST":
        _check_digest(headers, body)
    if not params["signature"]:
        raise SignatureError("Signature header has an empty signature")
    try:
        signature = base64.b64decode(params["signature"], validate=True)
    except ValueError as exc:
        raise SignatureError("signature is not base64") from exc
    return SignedRequest(
        scheme=CAVAGE,
        key_id=key_id,
        method=method,
        url=url,
        headers=headers,
        body=body,
        covered=covered,
        signing_string="\n".join(lines).encode(),
        signature=signature,
        now=now,
        window=window,
    )


# -- RFC 9421 -----------------------------------------------------------------------------------


@dataclass
class _Message:
    method: str
    url: str
    headers: httpx.Headers


def sign_rfc9421(
    method: str,
    url: str,
    *,
    key_id: str,
    private_key_pem: str,
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    now: dt.datetime | None = None,
) -> dict[str, str]:
    """Headers for an RFC 9421 signature (rsa-v1_5-sha256) covering method, target URI and,
    with a body, its Content-Digest."""
    message = _Message(method.upper(), url, httpx.Headers(headers or {}))
    signer = hms.HTTPMessageSigner(
        signature_algorithm=hms.algorithms.RSA_V1_5_SHA256,
        key_resolver=hms.MappingKeyResolver(
            public_keys={}, private_keys={key_id: _load_private(private_key_pem)}
        ),
    )
    covered = ("@method", "@target-uri")
    signer.sign(
        message,
        key_id=key_id,
        created=_now(now),
        covered_component_ids=covered,
        body=body,
        label="sig1",
    )
    return dict(message.headers.items())


RFC9421_ALGORITHMS = {
    "rsa-v1_5-sha256": hms.algorithms.RSA_V1_5_SHA256,
    "rsa-pss-sha512": hms.algorithms.RSA_PSS_SHA512,
}
_CONTENT_DIGESTS = {"sha-256": hashlib.sha256, "sha-512": hashlib.sha512}


def _structured(headers: httpx.Headers, name: str, label: str) -> dict | None:
    """An RFC 8941 dictionary header, refused when malformed."""
    value = _header(headers, name, label)
    if value is None:
        return None
    try:
        return http_sf.parse(value.encode("ascii"), tltype="dictionary")
    except Exception as exc:  # http_sf raises its own and assorted errors on bad input
        raise SignatureError(f"malformed {label} header") from exc


def _sf_int(value) -> int | None:
    # http_sf reads ?1 as True, and bool is an int in Python: not a timestamp.
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _check_content_digest(headers: httpx.Headers, body: bytes) -> None:
    digests = _structured(headers, "content-digest", "Content-Digest")
    if digests is None:
        raise SignatureError("Content-Digest header missing")
    known = [name for name in digests if name in _CONTENT_DIGESTS]
    if not known:
        raise SignatureError("Content-Digest must use sha-256 or sha-512")
    for name in known:
        value = digests[name]
        given = value[0] if isinstance(value, tuple) else None
        if not isinstance(given, bytes):
            raise SignatureError("malformed Content-Digest header")
        if not hmac.compare_digest(given, _CONTENT_DIGESTS[name](body).digest()):
            raise SignatureError("Content-Digest does not match the body")


def _parse_rfc9421(method, url, headers, body, now, window) -> SignedRequest:
    inputs = _structured(headers, "signature-input", "Signature-Input")
    if len(inputs) != 1:
        raise SignatureError("exactly one signature is expected")
    ((label, member),) = inputs.items()
    if not (isinstance(member, tuple) and len(member) == 2 and isinstance(member[0], list)):
        raise SignatureError("malformed Signature-Input header: components must be a list")
    components, params = member
    names = [c[0] if isinstance(c, tuple) else c for c in components]
    if not all(isinstance(name, str) for name in names):
        raise SignatureError("malformed Signature-Input header: components must be strings")
    key_id = params.get("keyid")
    if not isinstance(key_id, str) or not key_id:
        raise SignatureError("Signature-Input has no keyid")
    _check_key_id(key_id, "Signature-Input keyid")
    created = _sf_int(params.get("created"))
    if created is None:
        raise SignatureError("Signature-Input has no created time")
    _check_freshness(created, now, window)
    if "expires" in params:
        expires = _sf_int(params["expires"])
        if expires is None:
            raise SignatureError("Signature-Input expires is not a timestamp")
        if expires < now.timestamp():
            raise SignatureError("signature has expired")
    alg = params.get("alg", "rsa-v1_5-sha256")
    if alg not in RFC9421_ALGORITHMS:
        raise SignatureError(f"unsupported signature algorithm {str(alg)[:40]!r}")
    for required in ("@method", "@target-uri"):
        if required not in names and not (required == "@target-uri" and "@path" in names):
            raise SignatureError(f"signature must cover {required}")
    if method == "POST" and "content-digest" not in names:
        raise SignatureError("signature must cover content-digest")
    signatures = _structured(headers, "signature", "Signature")
    if signatures is None:
        raise SignatureError("Signature header missing")
    if label not in signatures:
        raise SignatureError(f"Signature header has no signature labelled {label}")
    value = signatures[label]
    signature = value[0] if isinstance(value, tuple) else None
    if not isinstance(signature, bytes):
        raise SignatureError("malformed Signature header: the signature must be a byte sequence")
    if not signature:
        raise SignatureError("Signature header has an empty signature")
    if "content-digest" in names or method == "POST":
        _check_content_digest(headers, body)
    return SignedRequest(
        scheme=RFC9421,
        key_id=key_id,
        method=method,
        url=url,
        headers=headers,
        body=body,
        covered=names,
        signature=signature,
        now=now,
        window=window,
    )


class _Verifier(hms.HTTPMessageVerifier):
    now: dt.datetime | None = None

    def validate_created_and_expires(self, sig_input, max_age=None):
        # Freshness was checked against the injected clock in _parse_rfc9421.
        if "expires" in sig_input.params:
            expires = self._parse_integer_timestamp(sig_input.params["expires"], "expires")
            if expires < (self.now or _now(None)) - self.max_clock_skew:
                raise hms.InvalidSignature("signature has expired")


def _verify_rfc9421(signed: SignedRequest, public_key_pem: str) -> None:
    key = _load_public(public_key_pem)
    try:
        inputs = http_sf.parse(signed.headers["signature-input"].encode(), tltype="dictionary")
        ((_label, (_components, params)),) = inputs.items()
    except Exception as exc:
        raise SignatureError("malformed Signature-Input header") from exc
    alg = params.get("alg", "rsa-v1_5-sha256")
    if alg not in RFC9421_ALGORITHMS:
        raise SignatureError(f"unsupported signature algorithm {str(alg)[:40]!r}")
    verifier = _Verifier(
        signature_algorithm=RFC9421_ALGORITHMS[alg],
        key_resolver=hms.MappingKeyResolver(public_keys={signed.key_id: key}, private_keys={}),
    )
    verifier.now = signed.now
    message = _Message(signed.method, signed.url, signed.headers)
    try:
        verifier.verify(
            message, max_age=None, body=signed.body if signed.method == "POST" else None
        )
    except hms.HTTPMessageSignaturesException as exc:
        raise SignatureError(f"signature does not verify: {exc}") from exc
    except Exception as exc:  # malformed digests and keys surface as assorted errors
        raise SignatureError(f"signature does not verify: {exc}") from exc
