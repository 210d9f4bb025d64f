from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import index as sitemap_index
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from core.views import favicon, floor, healthz
from projects.views import report_attachment
from resilient_borders.sitemaps import SITEMAPS

handler500 = "core.views.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Outside i18n_patterns: one sitemap index, its sections and one robots.txt for every language, at the root.
    path("sitemap.xml", sitemap_index, {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"}, name="sitemap"),
    path("sitemap-<section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots-txt",
    ),
    # The addresses the private storage gives report photos and documents (PRIVATE_MEDIA_URL): files, the same in
    # every language, so outside i18n_patterns (no /fr/ copy, no Vary: Accept-Language).
    path(f"{settings.PRIVATE_MEDIA_URL.strip('/')}/<path:name>", report_attachment, name="report-attachment"),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("projects.urls")),
    path("", include("projects.geography_urls")),
    path("webinars/", include("webinars.urls")),
    path("", include("results.urls")),
    path("", include("search.urls")),
    path("", include("programme.urls")),
    path("accounts/", include("workspace.account_urls")),
    path("workspace/", include("workspace.urls")),
    path("subscriptions/", include("notifications.urls")),
    prefix_default_language=False,
)

if settings.BENCH_FLOOR:
    urlpatterns.append(path("bench/floor", floor, name="bench-floor"))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

admin.site.site_header = "Resilient Borders"
admin.site.site_title = "Resilient Borders administration"
