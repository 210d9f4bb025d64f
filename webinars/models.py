import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.pagecache import PublicContentQuerySet
from projects.models import Organisation, PilotAction


def validate_time_zone(name):
    if name not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(name)s” is not a time zone name such as Europe/Brussels."), params={"name": name})


class WebinarQuerySet(PublicContentQuerySet):
    def upcoming(self, today=None):
        return self.filter(date__gte=today or timezone.localdate()).order_by("date", "start_time")

    def for_detail(self):
        """A webinar's page: its organisations, agenda, and those presenting pilot actions the public may see."""
        return self.prefetch_related(
            "organisers",
            "attending_organisations",
            models.Prefetch(
                "presenting_pilot_actions",
                queryset=PilotAction.objects.public(),
                to_attr="public_presenting_pilot_actions",
            ),
            "agenda_items",
        )

    def past(self, today=None):
        return self.filter(date__lt=today or timezone.localdate()).order_by("-date", "-start_time")


class Webinar(TimeStampedModel):
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    # The date alone is often all a public source gives; the time stays empty until known.
    date = models.DateField(_("date"), db_index=True)
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=50, default="Europe/Brussels", validators=[validate_time_zone]
    )
    duration = models.DurationField(_("duration"), null=True, blank=True, help_text=_("For example 01:30:00."))
    description = models.TextField(_("description"), blank=True)
    platform = models.CharField(_("platform"), max_length=100, blank=True, help_text=_("Zoom, Teams, on site…"))
    organisers = models.ManyToManyField(
        Organisation, blank=True, related_name="organised_webinars", verbose_name=_("organisers")
    )
    attending_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="attended_webinars", verbose_name=_("attending organisations")
    )
    presenting_pilot_actions = models.ManyToManyField(
        PilotAction, blank=True, related_name="webinars", verbose_name=_("presenting pilot actions")
    )
    recording_url = models.URLField(_("recording"), max_length=500, blank=True)
    materials_url = models.URLField(_("materials"), max_length=500, blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    # The iCalendar SEQUENCE: raised by a save that changes what a calendar shows (see RESCHEDULING_FIELDS).
    sequence = models.PositiveIntegerField(_("revision"), default=0, editable=False)

    objects = WebinarQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-start_time"]
        verbose_name = _("webinar")
        verbose_name_plural = _("webinars")

    def __str__(self):
        return f"{self.title} ({self.date:%d %b %Y})"

    # What a calendar shows of the event, and its title in every language (modeltranslation's title_en, title_fr).
    RESCHEDULING_FIELDS = ("date", "start_time", "time_zone", "duration", "platform")

    def _calendar_fields(self):
        return [
            field.attname
            for field in self._meta.concrete_fields
            if field.name in self.RESCHEDULING_FIELDS or field.name.startswith("title_")
        ]

    def save(self, *args, **kwargs):
        if not self._state.adding and self.pk is not None:
            fields = self._calendar_fields()
            stored = type(self).objects.filter(pk=self.pk).values(*fields, "sequence").first()
            if stored is not None and any(stored[name] != getattr(self, name) for name in fields):
                self.sequence = stored["sequence"] + 1
                if kwargs.get("update_fields") is not None:
                    kwargs["update_fields"] = {*kwargs["update_fields"], "sequence"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("webinars:webinar-detail", kwargs={"slug": self.slug})

    @property
    def starts_at(self):
        """Aware start, or None where only the date is known."""
        if self.start_time is None:
            return None
        return datetime.datetime.combine(self.date, self.start_time, tzinfo=zoneinfo.ZoneInfo(self.time_zone))

    @property
    def ends_at(self):
        """Aware end, in UTC (convert it to show it), or None where the start or the duration is unknown."""
        if self.starts_at is None or self.duration is None:
            return None
        # In UTC: Python adds a duration to (and subtracts) datetimes of one zone in wall-clock time, an hour off
        # across a change of summer time; in UTC wall clock and elapsed time agree.
        return self.starts_at.astimezone(datetime.UTC) + self.duration


class AgendaItem(TimeStampedModel):
    webinar = models.ForeignKey(Webinar, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    speakers = models.CharField(_("speakers"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = PublicContentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "start_time", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return self.title
