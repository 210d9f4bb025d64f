from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DeleteView, TemplateView, UpdateView

from core.text import SECTION_TEXT, render_markdown
from core.throttle import PASSWORD_RESETS_PER_CLIENT, PASSWORD_RESETS_PER_MAILBOX, client_key, mailbox_key
from projects.models import PilotAction, ProgressReport, ReportingDeadline
from results.models import Obstacle, Output, Results
from workspace.forms import (
    BODY_MAX_LENGTH,
    DocumentFormSet,
    FollowUpFormSet,
    ObstaclesForm,
    OutboxPasswordResetForm,
    OutputForm,
    PhotoFormSet,
    ProgressReportForm,
    ResultsForm,
)


def workspace_crumbs(title):
    return [(gettext_lazy("Workspace"), reverse("workspace:dashboard")), (title, None)]


def saved(request, publication, publishing, edit_url_name):
    """Say what saving a report or an output did; a draft stays in its editor, anything public goes to the dashboard."""
    if publishing:
        messages.success(request, _("“%(title)s” is published.") % {"title": publication.title})
        return redirect("workspace:dashboard")
    if publication.is_published:
        messages.success(request, _("Your changes to “%(title)s” are published.") % {"title": publication.title})
        return redirect("workspace:dashboard")
    messages.success(request, _("Draft saved. Only you and programme staff can see it."))
    return redirect(edit_url_name, pk=publication.pk)


class DashboardView(LoginRequiredMixin, TemplateView):
    """A coordinator's pilot actions, each with its reports, outputs, results and next reporting deadline."""

    template_name = "workspace/dashboard.html"

    def get_context_data(self, **kwargs):
        pilot_actions = list(
            PilotAction.objects.coordinated_by(self.request.user)
            .select_related("group", "results")
            .with_every_report()
            .prefetch_related(Prefetch("outputs", queryset=Output.objects.for_workspace(), to_attr="all_outputs"))
            .order_by("title")
        )
        upcoming = list(ReportingDeadline.objects.upcoming())
        for pilot_action in pilot_actions:
            pilot_action.next_deadline = next((d for d in upcoming if d.applies_to(pilot_action)), None)
            try:
                pilot_action.current_results = pilot_action.results
            except Results.DoesNotExist:  # not started: the row is created on the first save
                pilot_action.current_results = None
        return super().get_context_data(
            pilot_actions=pilot_actions, crumbs=[(gettext_lazy("Workspace"), None)], **kwargs
        )


class ReportEditorMixin(LoginRequiredMixin):
    """The report form with its photos and documents; saved together or not at all."""

    model = ProgressReport
    form_class = ProgressReportForm
    template_name = "workspace/report_form.html"

    def formsets(self, instance):
        data = (self.request.POST, self.request.FILES) if self.request.method == "POST" else (None, None)
        return {
            "photo_formset": PhotoFormSet(*data, instance=instance, prefix="photos"),
            "document_formset": DocumentFormSet(*data, instance=instance, prefix="documents"),
        }

    def report_for_formsets(self):
        return self.object or ProgressReport(pilot_action=self.pilot_action)

    def get_context_data(self, **kwargs):
        if "photo_formset" not in kwargs:
            kwargs.update(self.formsets(self.report_for_formsets()))
        return super().get_context_data(
            pilot_action=self.pilot_action,
            body_max_length=BODY_MAX_LENGTH,
            crumbs=[(gettext_lazy("Workspace"), reverse("workspace:dashboard")), (self.page_title(), None)],
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form()
        formsets = self.formsets(self.report_for_formsets())
        if form.is_valid() and all(formset.is_valid() for formset in formsets.values()):
            return self.save_all(form, formsets)
        messages.error(
            request,
            _("The report was not saved: see the messages below. Files you chose must be chosen again."),
        )
        return self.render_to_response(self.get_context_data(form=form, **formsets))

    def save_all(self, form, formsets):
        publishing = "publish" in self.request.POST
        with transaction.atomic():
            report = form.save(commit=False)
            report.pilot_action = self.pilot_action
            if report.author_id is None:
                report.author = self.request.user
            if publishing:
                report.status = ProgressReport.Status.PUBLISHED
            report.save()
            for formset in formsets.values():
                formset.instance = report
                formset.save()
        self.object = report
        return saved(self.request, report, publishing, "workspace:report-edit")


class ReportCreateView(ReportEditorMixin, CreateView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.pilot_action = get_object_or_404(PilotAction.objects.coordinated_by(request.user), slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        return None

    def page_title(self):
        return _("New progress report")


class ReportUpdateView(ReportEditorMixin, UpdateView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.report = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
            self.pilot_action = self.report.pilot_action
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return ProgressReport.objects.editable_by(self.request.user).select_related("pilot_action")

    def get_object(self, queryset=None):
        return self.report  # found once, in dispatch, where the 404 for someone else's report is decided

    def page_title(self):
        return _("Edit “%(title)s”") % {"title": self.object.title}


class DraftDeleteView(LoginRequiredMixin, DeleteView):
    """Drafts only: a published report or output is unpublished first, so nothing public disappears by one click."""

    success_url = reverse_lazy("workspace:dashboard")

    def get_queryset(self):
        return self.model.objects.editable_by(self.request.user).filter(status=self.model.Status.DRAFT)

    def form_valid(self, form):
        messages.success(self.request, _("The draft “%(title)s” is deleted.") % {"title": self.object.title})
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(crumbs=workspace_crumbs(self.object.title), **kwargs)


class ReportDeleteView(DraftDeleteView):
    model = ProgressReport
    template_name = "workspace/report_confirm_delete.html"


@login_required
@require_POST
def set_publication_status(request, pk, model, status):
    """Publish, or unpublish back to a draft, a report or an output of a pilot action ``request.user`` coordinates."""
    publication = get_object_or_404(model.objects.editable_by(request.user), pk=pk)
    publication.status = status
    if status == model.Status.PUBLISHED:
        message = _("“%(title)s” is published.")
    else:
        publication.published_at = None
        message = _("“%(title)s” is a draft again: the public no longer sees it.")
    publication.save()
    messages.success(request, message % {"title": publication.title})
    return redirect("workspace:dashboard")


class OutputEditorMixin(LoginRequiredMixin):
    """An output's form, for the coordinators of its pilot action; "Save draft" or "Publish", like a report."""

    model = Output
    form_class = OutputForm
    template_name = "workspace/output_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            pilot_action=self.pilot_action,
            body_max_length=BODY_MAX_LENGTH,
            crumbs=workspace_crumbs(self.page_title()),
            **kwargs,
        )

    def form_invalid(self, form):
        messages.error(
            self.request,
            _("The output was not saved: see the messages below. A file you chose must be chosen again."),
        )
        return super().form_invalid(form)

    def form_valid(self, form):
        publishing = "publish" in self.request.POST
        with transaction.atomic():
            output = form.save(commit=False)
            output.pilot_action = self.pilot_action
            if output.author_id is None:
                output.author = self.request.user
            if publishing:
                output.status = Output.Status.PUBLISHED
            output.save()  # a first publication queues its announcement (results.signals)
            form.save_m2m()
        self.object = output
        return saved(self.request, output, publishing, "workspace:output-edit")


class OutputCreateView(OutputEditorMixin, CreateView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.pilot_action = get_object_or_404(PilotAction.objects.coordinated_by(request.user), slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def page_title(self):
        return _("New output")


class OutputUpdateView(OutputEditorMixin, UpdateView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.output = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
            self.pilot_action = self.output.pilot_action
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Output.objects.editable_by(self.request.user).select_related("pilot_action")

    def get_object(self, queryset=None):
        return self.output  # found once, in dispatch, where the 404 for someone else's output is decided

    def page_title(self):
        return _("Edit “%(title)s”") % {"title": self.object.title}


class OutputDeleteView(DraftDeleteView):
    model = Output
    template_name = "workspace/output_confirm_delete.html"


class ResultsEditView(LoginRequiredMixin, TemplateView):
    """A pilot action's results: achievements, obstacles met with notes, what others can reuse, the follow-up.

    Saved together or not at all; the row is created by the first save, never by opening the page.
    """

    template_name = "workspace/results_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.pilot_action = get_object_or_404(PilotAction.objects.coordinated_by(request.user), slug=kwargs["slug"])
            self.results = Results.objects.filter(pilot_action=self.pilot_action).first() or Results(
                pilot_action=self.pilot_action
            )
        return super().dispatch(request, *args, **kwargs)

    def forms(self):
        data = self.request.POST if self.request.method == "POST" else None
        met = {row.obstacle_id: row for row in self.results.obstacles_met.all()} if self.results.pk else {}
        return {
            "form": ResultsForm(data, instance=self.results),
            "obstacles_form": ObstaclesForm(data, obstacles=Obstacle.objects.all(), met=met, prefix="obstacles"),
            "follow_up_formset": FollowUpFormSet(data, instance=self.results, prefix="follow_ups"),
        }

    def get_context_data(self, **kwargs):
        if "form" not in kwargs:
            kwargs.update(self.forms())
        return super().get_context_data(
            pilot_action=self.pilot_action,
            object=self.results,
            body_max_length=BODY_MAX_LENGTH,
            crumbs=workspace_crumbs(_("Results of %(title)s") % {"title": self.pilot_action.title}),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        forms = self.forms()
        if all(form.is_valid() for form in forms.values()):
            return self.save_all(**forms)
        messages.error(request, _("The results were not saved: see the messages below."))
        return self.render_to_response(self.get_context_data(**forms))

    def save_all(self, form, obstacles_form, follow_up_formset):
        was_published = self.results.is_published
        with transaction.atomic():
            results = form.save(commit=False)
            results.updated_by = self.request.user
            if "publish" in self.request.POST:
                results.status = Results.Status.PUBLISHED
            elif "unpublish" in self.request.POST:
                results.status = Results.Status.DRAFT
            results.save()
            obstacles_form.save(results)
            follow_up_formset.instance = results
            follow_up_formset.save()
        title = self.pilot_action.title
        if results.is_published:
            if was_published:
                message = _("Your changes to the results of “%(title)s” are published.")
            else:
                message = _("The results of “%(title)s” are published.")
            messages.success(self.request, message % {"title": title})
            return redirect("workspace:dashboard")
        if was_published:
            messages.success(
                self.request,
                _("The results of “%(title)s” are a draft again: the public no longer sees them.") % {"title": title},
            )
            return redirect("workspace:dashboard")
        messages.success(self.request, _("Draft saved. Only you and programme staff can see it."))
        return redirect("workspace:results-edit", slug=self.pilot_action.slug)


@login_required
@require_POST
def preview(request):
    """A Markdown text (a report's body, an output's or results' texts) as the public will see it, rendered by the
    same code that renders it on save."""
    if not PilotAction.objects.coordinated_by(request.user).exists():
        raise PermissionDenied
    body = request.POST.get("body", "")
    if len(body) > BODY_MAX_LENGTH:
        return HttpResponseBadRequest(_("The text is too long to preview."), content_type="text/plain; charset=utf-8")
    return HttpResponse(render_markdown(body, top_level=SECTION_TEXT), content_type="text/html; charset=utf-8")


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """The invitation's link: choose a password, then land signed in on the workspace."""

    template_name = "registration/invitation_accept.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("workspace:dashboard")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Welcome! Your password is set and you are signed in."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page, rate-limited per client and per mailbox; the form only queues the work.

    The limits are counted before anything looks the address up, so a refusal tells nothing about accounts.
    """

    form_class = OutboxPasswordResetForm

    def form_valid(self, form):
        within_limits = PASSWORD_RESETS_PER_CLIENT.hit(client_key(self.request)) and PASSWORD_RESETS_PER_MAILBOX.hit(
            mailbox_key(form.cleaned_data["email"])
        )
        if not within_limits:
            form.add_error(
                None,
                _("Too many password reset requests for this address or from yours: please try again in an hour."),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)
