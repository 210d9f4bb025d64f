"""What the portal's feeds and calendars share: the site's public domain, tag: URIs (RFC 4151) and a feed base
whose author is the programme and whose empty feeds carry the newest content's time, not the time of rendering."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Max
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from core.content_language import foreign_language

PROGRAMME_NAME = "Resilient Borders"
# Where nothing at all was ever published: a fixed instant, so that two fetches of an empty feed agree.
NOTHING_PUBLISHED = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def site_domain():
    """The host name of the site's public address (settings.SITE_URL), whatever host or port served the request."""
    return urlsplit(settings.SITE_URL).hostname


def public_url(path):
    """An absolute address on the site's public address."""
    return settings.SITE_URL + path


def tag_uri(created_at, specific):
    """A globally unique, stable identifier such as ``tag:example.org,2025-02-03:progress-report-7`` (RFC 4151):
    the site's domain, the day the object was created, and a name unique on the site."""
    return f"tag:{site_domain()},{created_at.astimezone(datetime.UTC):%Y-%m-%d}:{specific}"


def newest_change(*querysets):
    """The newest ``updated_at`` among the rows of ``querysets``, or None if they hold none."""
    times = [queryset.aggregate(newest=Max("updated_at"))["newest"] for queryset in querysets]
    return max((moment for moment in times if moment is not None), default=None)


class NewestContentMixin:
    """A feed whose ``updated`` (Atom) or ``lastBuildDate`` (RSS), when none of its items has a date, is the time
    given by the ``newest_content`` callable (asked only then, once) rather than the time of rendering."""

    def latest_post_date(self):
        if not hasattr(self, "_latest_post_date"):
            if any(item.get("updateddate") or item.get("pubdate") for item in self.items):
                self._latest_post_date = super().latest_post_date()
            else:
                self._latest_post_date = self.feed["newest_content"]() or NOTHING_PUBLISHED
        return self._latest_post_date


class ProgrammeAtomFeed(NewestContentMixin, Atom1Feed):
    """The feed declares its language (``xml:lang``, the page's); an entry whose text is in another one, content
    not translated, declares its own (RSS has no such thing for an item)."""

    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        if item.get("content_language"):
            attributes["xml:lang"] = item["content_language"]
        return attributes


class ProgrammeRssFeed(NewestContentMixin, Rss201rev2Feed):
    pass


class ProgrammeFeed(Feed):
    """Base of the portal's feeds. Subclasses give ``item_tag`` (unique name of an item on the site, such as
    ``output-7``), ``newest_content(obj)`` (the time an empty feed shows) and may give ``item_author_name``."""

    feed_type = ProgrammeAtomFeed
    author_name = PROGRAMME_NAME
    item_guid_is_permalink = False

    def author_link(self):
        return public_url("/")

    def item_guid(self, item):
        return tag_uri(item.created_at, self.item_tag(item))

    def newest_content(self, obj):
        return None

    def item_content_language(self, item):
        """The language of ``item``'s entry where it is not the feed's (its title's: the text it is known by)."""
        return foreign_language(item, "title")

    def item_extra_kwargs(self, item):
        return {**super().item_extra_kwargs(item), "content_language": self.item_content_language(item)}

    def feed_extra_kwargs(self, obj):
        return {**super().feed_extra_kwargs(obj), "newest_content": lambda: self.newest_content(obj)}
