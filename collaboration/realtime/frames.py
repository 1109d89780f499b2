"""Incoming WebSocket frames: text in, a JSON object with a "type" out, or a ChatError saying why.

Pure (no database, no socket), so it can be fuzzed: whatever a client sends, the answer is a
dict the consumer can dispatch or a refusal with a stable code and a translated message.
"""

import json

from django.utils.translation import gettext_lazy as _

from ..services import ChatError

# Our own client sends flat frames; a little nesting is allowed for future fields.
MAX_DEPTH = 8


def _check_values(data):
    """Refuse deep nesting and lone surrogates ("\\ud800" is valid JSON but not text: the
    database driver cannot encode it)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if not value.isascii():
                try:
                    value.encode("utf-8")
                except UnicodeEncodeError:
                    raise ChatError(
                        "invalid_text", _("This frame contains text that is not valid Unicode.")
                    ) from None
            continue
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                raise ChatError("invalid_json", _("This frame is nested too deeply."))
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                stack.append((key, depth))
                stack.append((item, depth + 1))


def parse_frame(text_data, bytes_data=None, *, max_chars):
    """The client's frame as a dict with a str "type"; raises ChatError with a code the page
    understands (invalid_frame, too_large, invalid_json, invalid_text)."""
    if text_data is None:
        raise ChatError("invalid_frame", _("Only text frames are accepted."))
    if len(text_data) > max_chars:
        raise ChatError("too_large", _("This frame is too large."))
    try:
        data = json.loads(text_data)
    except RecursionError:
        # The C parser recurses once per bracket: 20,000 of them exhaust the stack.
        raise ChatError("invalid_json", _("This frame is nested too deeply.")) from None
    except ValueError:
        raise ChatError("invalid_json", _("This frame is not valid JSON.")) from None
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise ChatError("invalid_frame", _("A frame is an object with a type."))
    _check_values(data)
    return data
