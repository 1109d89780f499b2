"""Language-neutral site URLs: sitemap, robots.txt, the favicon, health checks."""

from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.urls import path

from cms.health import healthz, readyz
from cms.sitemaps import MultilingualSitemap


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain")


def favicon_ico(request):
    """Browsers and feed readers ask for /favicon.ico whatever the page links: send them to the
    icon among the static files (its hashed, long-cached name in production)."""
    return HttpResponsePermanentRedirect(staticfiles_storage.url("cms/favicon.ico"))


def sitemap_xml(request):
    return sitemap(request, sitemaps={"pages": MultilingualSitemap(request)})


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon_ico, name="favicon"),
    path("sitemap.xml", sitemap_xml, name="sitemap"),
]
