"""Atom and RSS feeds of the published progress reports, site-wide and per pilot action."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.syndication import ProgrammeFeed, ProgrammeRssFeed, newest_change, public_url
from projects.models import PilotAction, ProgressReport

FEED_LENGTH = 30


class PilotActionContentFeed(ProgrammeFeed):
    """A feed of what pilot actions publish: each entry authored by its pilot action; a feed with nothing to show
    is as new as the newest public pilot action."""

    def item_author_name(self, item):
        return str(item.pilot_action)

    def item_author_link(self, item):
        return public_url(item.pilot_action.get_absolute_url())

    def newest_content(self, obj):
        return newest_change(PilotAction.objects.public())


class UpdatesFeed(PilotActionContentFeed):
    title = _("Resilient Borders: progress of the pilot actions")
    subtitle = _("Progress reports published by the coordinators of the pilot actions.")
    description = subtitle

    def link(self):
        return reverse("projects:update-list")

    def items(self):
        return ProgressReport.objects.published().for_list().newest_first()[:FEED_LENGTH]

    def item_title(self, report):
        return f"{report.pilot_action}: {report.title}"

    def item_description(self, report):
        return report.body_html  # sanitised with nh3 when saved

    def item_link(self, report):
        return f"{report.pilot_action.get_absolute_url()}#report-{report.pk}"

    def item_tag(self, report):
        return f"progress-report-{report.pk}"

    def item_pubdate(self, report):
        return report.published_at

    def item_updateddate(self, report):
        return report.updated_at

    def newest_content(self, obj):
        """The newest published report of any pilot action, or the newest public pilot action."""
        return newest_change(ProgressReport.objects.published()) or super().newest_content(obj)


class UpdatesRssFeed(UpdatesFeed):
    feed_type = ProgrammeRssFeed


class PilotActionUpdatesFeed(UpdatesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(PilotAction.objects.public(), slug=slug)

    def title(self, pilot_action):
        return _("Progress of %(pilot_action)s") % {"pilot_action": pilot_action.title}

    def link(self, pilot_action):
        return pilot_action.get_absolute_url()

    def items(self, pilot_action):
        return (
            ProgressReport.objects.published().filter(pilot_action=pilot_action).for_list().newest_first()[:FEED_LENGTH]
        )


class PilotActionUpdatesRssFeed(PilotActionUpdatesFeed):
    feed_type = ProgrammeRssFeed
