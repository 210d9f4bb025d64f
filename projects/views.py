from django.views.generic import TemplateView

from borders.models import Border, Country
from projects import programme
from projects.models import PilotAction, ThematicGroup


class HomeView(TemplateView):
    template_name = "projects/home.html"

    def get_context_data(self, **kwargs):
        public_pilot_actions = PilotAction.objects.public()
        return super().get_context_data(
            groups=ThematicGroup.objects.select_related("coordinating_organisation"),
            documented_count=public_pilot_actions.count(),
            border_count=Border.objects.filter(pilot_actions__in=public_pilot_actions).distinct().count(),
            country_count=Country.objects.filter(pilot_actions__in=public_pilot_actions).distinct().count(),
            programme=programme,
            **kwargs,
        )
