"""The bare site's URLs: the federation endpoints at the root, then Wagtail's admin and pages."""

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("", include("federation.urls")),
    path("", include(wagtail_urls)),
]
