"""The bare site's URLs: the working groups under /groups/, then Wagtail's admin and pages."""

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("groups/", include("collaboration.urls")),
    path("", include(wagtail_urls)),
]
