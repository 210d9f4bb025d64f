from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Abstract base recording when a row was created and last changed."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class ContentVersion(models.Model):
    """The version of everything the public sees: one row, whose number every public change raises.

    The number lives in the database so that it survives a flushed or evicted cache (a counter kept only in
    the cache would start again at a number whose pages may still be stored), and it is a count, not a random
    token, so that an ETag derived from it changes when the content does and only then.
    """

    number = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "public content version"

    def __str__(self):
        return f"{self.number} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
