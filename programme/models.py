from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.pagecache import PublicContentQuerySet
from core.text import SECTION_TEXT, render_markdown


class FrequentlyAskedQuestionQuerySet(PublicContentQuerySet):
    def published(self):
        return self.filter(is_published=True)


class FrequentlyAskedQuestion(TimeStampedModel):
    """A question about the programme and its answer, in Markdown rendered once, on save, to sanitised HTML."""

    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, help_text=_("The question’s address on the page: /faq/#slug.")
    )
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(
        _("answer"), help_text=_("Markdown. Cite the public source of every fact, with a link where there is one.")
    )
    answer_html = models.TextField(_("answer as HTML"), blank=True, editable=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Only published questions are shown on the FAQ page.")
    )

    objects = FrequentlyAskedQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("frequently asked question")
        verbose_name_plural = _("frequently asked questions")

    def __str__(self):
        return self.question

    def save(self, *args, **kwargs):
        # Each content language's answer (modeltranslation's answer_en, answer_fr) gets its own HTML; an empty
        # French answer leaves answer_html_fr empty, so French readers fall back to the English one, as readers in
        # the interface's other languages always do (they have no column).
        for code in settings.CONTENT_LANGUAGES:
            source = getattr(self, f"answer_{code}")
            if source is not None:
                setattr(self, f"answer_html_{code}", render_markdown(source, top_level=SECTION_TEXT))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{reverse('programme:faq')}#{self.slug}"
