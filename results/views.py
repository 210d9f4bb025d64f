from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from core.canonical import CanonicalFiltersMixin
from projects.filters import PilotActionFilter
from projects.models import PilotAction
from projects.views import ForgivingPaginationMixin
from results.filters import OutputFilter
from results.models import Obstacle, Output


class OutputListView(CanonicalFiltersMixin, ForgivingPaginationMixin, FilterView):
    """The outputs library: every published output, newest first, filtered like the pilot actions' list."""

    filterset_class = OutputFilter
    template_name = "results/output_list.html"
    paginate_by = 20
    strict = False  # a bad parameter shows its error; the valid ones still filter

    def get_queryset(self):
        return Output.objects.published().with_relations().newest_first()

    def get_context_data(self, **kwargs):
        self.filterset.label_choices_with_counts()
        context = super().get_context_data(crumbs=[(_("Outputs"), None)], **kwargs)
        # Nothing found: the page says whether nothing is published yet or only these filters find nothing.
        context["library_is_empty"] = not context["paginator"].count and not self.get_queryset().exists()
        return context


class OutputDetailView(DetailView):
    template_name = "results/output_detail.html"
    context_object_name = "output"

    def get_queryset(self):
        return Output.objects.published().with_relations().select_related("pilot_action__group")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            crumbs=[(_("Outputs"), reverse("results:output-list")), (self.object.title, None)],
            **kwargs,
        )


class ComparisonView(CanonicalFiltersMixin, FilterView):
    """Results and lessons compared: the public pilot actions, filtered like their list, against the obstacles."""

    filterset_class = PilotActionFilter
    template_name = "results/comparison.html"
    strict = False  # a bad parameter shows its error; the valid ones still filter

    def get_queryset(self):
        return PilotAction.objects.public()

    def get_context_data(self, **kwargs):
        self.filterset.label_choices_with_counts()
        return super().get_context_data(
            crumbs=[(_("Results"), None)],
            comparison=Obstacle.objects.compared_across(self.object_list),
            **kwargs,
        )
