"""The programme's own pages: what it is (/about/), what its call asked (/call/), and its questions (/faq/)."""

from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, TemplateView

from programme.models import FrequentlyAskedQuestion
from projects import programme
from projects.models import PilotAction, ThematicGroup, Theme


class AboutView(TemplateView):
    template_name = "programme/about.html"

    def get_context_data(self, **kwargs):
        # Counted and named from the data, as the home page does: a group added in admin changes every sentence.
        groups = list(ThematicGroup.objects.select_related("coordinating_organisation"))
        return super().get_context_data(
            crumbs=[(_("About the programme"), None)],
            programme=programme,
            groups=groups,
            # inside a sentence: "…two thematic groups, cross-border crisis management and …"
            group_names=get_text_list([name[:1].lower() + name[1:] for name in map(str, groups)], _("and")),
            timeline=programme.timeline(),
            **kwargs,
        )


class CallView(TemplateView):
    template_name = "programme/call.html"

    def get_context_data(self, **kwargs):
        families = [
            (value, label, programme.CRISIS_FAMILY_EXAMPLES[value]) for value, label in Theme.HazardFamily.choices
        ]
        return super().get_context_data(
            crumbs=[(_("The 2024 call for proposals"), None)],
            programme=programme,
            families=families,
            documented_count=PilotAction.objects.public().count(),
            **kwargs,
        )


class FaqView(ListView):
    template_name = "programme/faq.html"
    context_object_name = "questions"

    def get_queryset(self):
        return FrequentlyAskedQuestion.objects.published()

    def get_context_data(self, **kwargs):
        return super().get_context_data(crumbs=[(_("Frequently asked questions"), None)], **kwargs)
