"""Channels' WebsocketCommunicator without daphne.

`channels.testing/__init__` imports its live-server test case, which needs daphne; the site runs
on uvicorn and does not install it. The communicator itself only needs asgiref, so it is loaded
from its own module without running the package's __init__.
"""

import os
import sys
import types

try:
    from channels.testing import WebsocketCommunicator
except ImportError:
    import channels

    sys.modules.pop("channels.testing", None)
    _pkg = types.ModuleType("channels.testing")
    _pkg.__path__ = [os.path.join(os.path.dirname(channels.__file__), "testing")]
    sys.modules["channels.testing"] = _pkg
    from channels.testing.websocket import WebsocketCommunicator  # noqa: E402

__all__ = ["WebsocketCommunicator"]
