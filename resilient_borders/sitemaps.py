"""The sitemaps: every public page in every interface language, found from the index at /sitemap.xml.

Each section (``SITEMAPS``, at /sitemap-<section>.xml) lists its items once per language (``i18n``), each entry
naming the page in every other language and the unprefixed English address as ``x-default`` (``alternates``). Only
what the public may see is listed: public pilot actions, and the borders and countries that have some.

With 25 languages an entry carries 26 alternates, some 2.7 kB: a section is split into pages of ``limit`` entries
(``?p=2``, each listed in the index), so that no file nears the 50 MB search engines read, and none takes long to
make.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from projects.models import PilotAction, ThematicGroup, borders_in_programme, countries_in_programme
from results.models import Output
from webinars.models import Webinar


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 1000  # entries (an item in one language) a file

    def lastmod(self, item):
        return item.updated_at


class StaticViewSitemap(PortalSitemap):
    priority = 0.8

    def items(self):
        return [
            "projects:home",
            "projects:pilot-action-list",
            "projects:map",
            "projects:update-list",
            "projects:open-data",
            "projects:statistics",
            "results:output-list",
            "results:comparison",
            "borders:border-list",
            "borders:country-list",
            "webinars:webinar-list",
            "programme:about",
            "programme:call",
            "programme:faq",
        ]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return None


class PilotActionSitemap(PortalSitemap):
    def items(self):
        return PilotAction.objects.public().only("slug", "updated_at")


class OutputSitemap(PortalSitemap):
    def items(self):
        return Output.objects.published().only("pk", "updated_at").order_by("pk")


class ThematicGroupSitemap(PortalSitemap):
    def items(self):
        return ThematicGroup.objects.only("slug", "updated_at")


class BorderSitemap(PortalSitemap):
    def items(self):
        return borders_in_programme().only("slug", "updated_at")


class CountrySitemap(PortalSitemap):
    def items(self):
        return countries_in_programme().only("iso_code", "updated_at")


class WebinarSitemap(PortalSitemap):
    def items(self):
        return Webinar.objects.only("slug", "updated_at")


SITEMAPS = {
    "static": StaticViewSitemap,
    "pilot-actions": PilotActionSitemap,
    "outputs": OutputSitemap,
    "groups": ThematicGroupSitemap,
    "borders": BorderSitemap,
    "countries": CountrySitemap,
    "webinars": WebinarSitemap,
}
