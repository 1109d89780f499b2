"""The site's URLs: protocol endpoints at the root, everything a visitor reads under a language prefix."""

import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

# A database outage that surfaces outside a view still answers the 503 page.
handler500 = "cms.outages.server_error"

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # ActivityPub, WebFinger, NodeInfo: language-neutral protocol endpoints.
    path("", include("federation.urls")),
    path("", include("collaboration.federation.urls")),
    path("", include("cms.urls_root")),
]

urlpatterns += i18n_patterns(
    path("groups/elsewhere/", include("collaboration.federation.page_urls")),
    path("groups/", include("collaboration.urls")),
    path("", include("cms.urls_localized")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

# Uploaded files on a laptop, DEBUG or not (dev settings set SERVE_MEDIA); in production the web
# server or object storage serves them.
if settings.DEBUG or getattr(settings, "SERVE_MEDIA", False):
    from django.views.static import serve

    urlpatterns = [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        ),
        *urlpatterns,
    ]
