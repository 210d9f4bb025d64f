from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from core.canonical import CanonicalFiltersMixin
from core.content_language import shown_text
from core.pagecache import cached_for_content
from projects.filters import PilotActionFilter
from projects.fragments import rendering_shortcuts
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
            crumbs=[(_("Outputs"), reverse("results:output-list")), (shown_text(self.object, "title"), None)],
            **kwargs,
        )


class ComparisonView(CanonicalFiltersMixin, ForgivingPaginationMixin, FilterView):
    """Results and lessons compared: the public pilot actions, filtered like their list, against the obstacles, a
    page of rows at a time; the counts are across every pilot action the filters select."""

    filterset_class = PilotActionFilter
    template_name = "results/comparison.html"
    paginate_by = 25
    strict = False  # a bad parameter shows its error; the valid ones still filter

    def get_queryset(self):
        return PilotAction.objects.public().only("pk", "code", "title", "slug")  # what a row prints

    @cached_property
    def obstacles(self):
        return Obstacle.objects.all()  # one QuerySet, read once, by the totals and the rows alike

    @cached_property
    def totals(self):
        """The counts across every pilot action the filters select (``totals_across``), once per set of filters
        and content version."""
        if not rendering_shortcuts():
            return self.obstacles.totals_across(self.object_list)
        return cached_for_content(
            f"comparison-totals:{self.filterset.choice_digest()}",
            lambda: self.obstacles.totals_across(self.object_list),
        )

    def result_count(self):
        return self.totals["total"]

    def get_context_data(self, **kwargs):
        self.filterset.label_choices_with_counts()
        context = super().get_context_data(crumbs=[(_("Results"), None)], **kwargs)
        context["comparison"] = self.obstacles.compared_across(context["object_list"], self.totals)
        return context
