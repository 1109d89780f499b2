"""ASGI entry point: HTTP through Django, WebSockets through Channels, with the same sessions."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
# Django must be set up before anything imports models (collaboration.routing does).
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from cms.security.origins import SiteOriginValidator  # noqa: E402
from cms.security.two_factor import SecondStepSocketGuard  # noqa: E402
from collaboration.realtime.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # The whole origin (scheme, host, port) must be the site's own; then the session's user,
        # who must have given their second sign-in step if they owe one.
        "websocket": SiteOriginValidator(
            AuthMiddlewareStack(SecondStepSocketGuard(URLRouter(websocket_urlpatterns)))
        ),
    }
)
