"""The Content-Security-Policy: django-csp's middleware with the site's strict policy
(CONTENT_SECURITY_POLICY), and one scoped exception for Wagtail's admin.

Why the admin has one: Wagtail 8 renders inline `<script>` elements from places that have no
request to take a nonce from (the date and time widgets, InlinePanel and MultipleChooserPanel
templates; wagtail/wagtail#1288 is still open), and its own scripts set inline styles. Under the
admin paths (CONTENT_SECURITY_POLICY_ADMIN["PATHS"]) the directives in
CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"] replace the site's; every other directive (no
plugins, no framing by other sites, no foreign base or form targets) holds there too.
"""

from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.middleware import PolicyParts
from django.conf import settings


def admin_policy():
    return getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN", None) or {}


class CSPMiddleware(BaseCSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        admin = admin_policy()
        if (
            not report_only
            and parts.replace is None
            and request.path_info.startswith(tuple(admin.get("PATHS", ())))
        ):
            parts.replace = admin.get("DIRECTIVES", {})
        return parts
