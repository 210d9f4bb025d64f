"""Atom and RSS feeds of the outputs library, newest published first, with the library's filters."""

from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.syndication import ProgrammeRssFeed, newest_change
from projects.feeds import PilotActionContentFeed
from results.filters import OutputFilter
from results.models import Output

FEED_LENGTH = 30


class OutputsFeed(PilotActionContentFeed):
    """The newest outputs first by publication, not by their own date: a feed tells what is new on the portal,
    and an output published today may have been finished last year."""

    title = _("Resilient Borders: outputs of the pilot actions")
    subtitle = _("Plans, exercises, agreements, studies and tools the pilot actions produced.")
    description = subtitle

    def __call__(self, request, *args, **kwargs):
        # The list's filters, checked as the list checks them: a bad one is a 400 with the reasons, not a feed
        # that silently holds something else than what was asked.
        filterset = OutputFilter(request.GET, queryset=Output.objects.published(), request=request)
        if not filterset.is_valid():
            return JsonResponse({"errors": filterset.form.errors.get_json_data()}, status=400)
        request.output_filter = filterset  # the request's, not the feed's: one Feed serves every request
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return request.output_filter

    def link(self):
        return reverse("results:output-list")

    def items(self, filterset):
        return filterset.qs.for_feed().order_by("-published_at", "-id")[:FEED_LENGTH]

    def item_title(self, output):
        return f"{output.pilot_action}: {output.title}"

    def item_description(self, output):
        return output.summary  # plain text: the feed escapes it

    def item_link(self, output):
        return output.get_absolute_url()

    def item_tag(self, output):
        return f"output-{output.pk}"

    def item_pubdate(self, output):
        return output.published_at

    def item_updateddate(self, output):
        return output.updated_at

    def item_categories(self, output):
        return [output.kind.name]

    def newest_content(self, filterset):
        """Filters that match nothing: the newest published output, or the newest public pilot action."""
        return newest_change(Output.objects.published()) or super().newest_content(filterset)


class OutputsRssFeed(OutputsFeed):
    feed_type = ProgrammeRssFeed
