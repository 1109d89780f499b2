"""The address a request comes from, the one thing sign-in throttling and form limits key on."""


def client_ip(request) -> str | None:
    """The visitor's address.

    REMOTE_ADDR, never a header read here: behind the reverse proxy, uvicorn (`--proxy-headers`,
    on by default) replaces the connection's address with the right-most X-Forwarded-For entry
    that is not a trusted proxy, and trusts only the addresses in `--forwarded-allow-ips`
    (FORWARDED_ALLOW_IPS, default 127.0.0.1). A client that sends its own X-Forwarded-For
    straight to uvicorn from elsewhere is therefore still counted under its real address.

    None when there is no address (a request built in code, such as the test client's
    force_login): axes stores it in an IP address column, which PostgreSQL refuses a word in."""
    return request.META.get("REMOTE_ADDR") or None
