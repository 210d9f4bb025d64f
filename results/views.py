from django.utils.translation import gettext_lazy as _
from django_filters.views import FilterView

from projects.filters import PilotActionFilter
from projects.models import PilotAction
from results.models import Obstacle


class ComparisonView(FilterView):
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
