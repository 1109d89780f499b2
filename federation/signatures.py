"""HTTP signatures, pure: draft-cavage (rsa-sha256, hs2019) and RFC 9421, signing and verifying.

Values in, values out: no database, no network. The inbox finds the key and keeps the replay
memory; this module only says whether a request is signed by a key and is fresh.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import urlsplit

import http_message_signatures as hms
import http_sf
import httpx
from cryptography.exceptions import InvalidSignature as CryptoInvalidSignature
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
    except ValueError as exc:
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


def parse_cavage_signature(value: str) -> dict[str, str]:
    params: dict[str, str] = {}
    pos = 0
    value = value.strip()
    while pos < len(value):
        match = _PARAM.match(value, pos)
        if not match:
            raise SignatureError("malformed Signature header")
        name = match.group(1).lower()
        params[name] = match.group(2) if match.group(2) is not None else match.group(3)
        pos = match.end()
    for required in ("keyid", "signature"):
        if required not in params:
            raise SignatureError(f"Signature header has no {required}")
    return params


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
        """Identifies this exact signature: the same token twice is a replay."""
        raw = self.headers.get("signature", "") + "|" + self.headers.get("signature-input", "")
        return hashlib.sha256(raw.encode()).hexdigest()

    def verify(self, public_key_pem: str) -> None:
        if self.scheme == CAVAGE:
            key = _load_public(public_key_pem)
            try:
                key.verify(self.signature, self.signing_string, padding.PKCS1v15(), hashes.SHA256())
            except CryptoInvalidSignature as exc:
                raise SignatureError("signature does not match the actor's key") from exc
            return
        _verify_rfc9421(self, public_key_pem)


def _check_date(value: str, now: dt.datetime, window: int) -> None:
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError) as exc:
        raise SignatureError("malformed Date header") from exc
    if when is None or when.tzinfo is None:
        raise SignatureError("malformed Date header")
    skew = (when - now).total_seconds()
    if skew > window:
        raise SignatureError("Date is in the future")
    if -skew > window:
        raise SignatureError("Date is too old")


def _check_digest(headers: httpx.Headers, body: bytes) -> None:
    value = headers.get("digest")
    if value is None:
        raise SignatureError("Digest header missing")
    for part in value.split(","):
        algo, _sep, encoded = part.strip().partition("=")
        if algo.lower() == "sha-256":
            if encoded != base64.b64encode(hashlib.sha256(body).digest()).decode():
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
    that needs no key: covered components, Date window, body digest."""
    headers = httpx.Headers(headers)
    now = _now(now)
    method = method.upper()
    if "signature-input" in headers:
        return _parse_rfc9421(method, url, headers, body, now, window)
    value = headers.get("signature")
    if not value:
        raise SignatureError("request is not signed")
    params = parse_cavage_signature(value)
    algorithm = params.get("algorithm", "hs2019").lower()
    if algorithm not in {"rsa-sha256", "hs2019"}:
        raise SignatureError(f"unsupported signature algorithm {algorithm}")
    covered = params.get("headers", "date").lower().split()
    if "(request-target)" not in covered:
        raise SignatureError("signature must cover (request-target)")
    if "host" not in covered:
        raise SignatureError("signature must cover host")
    if "date" not in covered and "(created)" not in covered:
        raise SignatureError("signature must cover date")
    if method == "POST" and "digest" not in covered:
        raise SignatureError("signature must cover digest")
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
        _check_date(headers["date"], now, window)
    if "created" in params:
        created = dt.datetime.fromtimestamp(int(params["created"]), dt.UTC)
        _check_date(http_date(created), now, window)
    if "expires" in params and dt.datetime.fromtimestamp(int(params["expires"]), dt.UTC) < now:
        raise SignatureError("signature has expired")
    if "digest" in covered or method == "POST":
        _check_digest(headers, body)
    try:
        signature = base64.b64decode(params["signature"], validate=True)
    except ValueError as exc:
        raise SignatureError("signature is not base64") from exc
    return SignedRequest(
        scheme=CAVAGE,
        key_id=params["keyid"],
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


def _parse_rfc9421(method, url, headers, body, now, window) -> SignedRequest:
    try:
        inputs = http_sf.parse(headers["signature-input"].encode(), tltype="dictionary")
    except Exception as exc:
        raise SignatureError("malformed Signature-Input header") from exc
    if len(inputs) != 1:
        raise SignatureError("exactly one signature is expected")
    ((_label, (components, params)),) = inputs.items()
    key_id = params.get("keyid")
    if not isinstance(key_id, str) or not key_id:
        raise SignatureError("Signature-Input has no keyid")
    created = params.get("created")
    if not isinstance(created, int):
        raise SignatureError("Signature-Input has no created time")
    _check_date(http_date(dt.datetime.fromtimestamp(created, dt.UTC)), now, window)
    names = [c[0] if isinstance(c, tuple) else c for c in components]
    for required in ("@method", "@target-uri"):
        if required not in names and not (required == "@target-uri" and "@path" in names):
            raise SignatureError(f"signature must cover {required}")
    if method == "POST" and "content-digest" not in names:
        raise SignatureError("signature must cover content-digest")
    return SignedRequest(
        scheme=RFC9421,
        key_id=key_id,
        method=method,
        url=url,
        headers=headers,
        body=body,
        covered=names,
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
    algorithms = {
        "rsa-v1_5-sha256": hms.algorithms.RSA_V1_5_SHA256,
        "rsa-pss-sha512": hms.algorithms.RSA_PSS_SHA512,
    }
    if alg not in algorithms:
        raise SignatureError(f"unsupported signature algorithm {alg}")
    verifier = _Verifier(
        signature_algorithm=algorithms[alg],
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
