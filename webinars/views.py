from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView

from core.content_language import shown_text
from webinars.calendar import webinar_calendar
from webinars.models import Webinar


class WebinarListView(TemplateView):
    template_name = "webinars/webinar_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            crumbs=[(_("Webinars"), None)],
            upcoming_webinars=Webinar.objects.upcoming(),
            past_webinars=Webinar.objects.past(),
            **kwargs,
        )


class WebinarDetailView(DetailView):
    template_name = "webinars/webinar_detail.html"
    context_object_name = "webinar"

    def get_queryset(self):
        return Webinar.objects.for_detail()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            crumbs=[(_("Webinars"), reverse("webinars:webinar-list")), (shown_text(self.object, "title"), None)],
            **kwargs,
        )


class WebinarCalendarView(DetailView):
    """The webinar as an iCalendar file, to add to a calendar."""

    model = Webinar

    def render_to_response(self, context, **response_kwargs):
        webinar = self.object
        response = HttpResponse(
            webinar_calendar(webinar, url=self.request.build_absolute_uri(webinar.get_absolute_url())),
            content_type="text/calendar; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{webinar.slug}.ics"'
        return response
