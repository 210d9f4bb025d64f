from django.urls import path

from projects.models import ProgressReport
from results.models import Output
from workspace import views

app_name = "workspace"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("pilot-actions/<slug:slug>/reports/new/", views.ReportCreateView.as_view(), name="report-create"),
    path("reports/<int:pk>/", views.ReportUpdateView.as_view(), name="report-edit"),
    path("reports/<int:pk>/delete/", views.ReportDeleteView.as_view(), name="report-delete"),
    path(
        "reports/<int:pk>/publish/",
        views.set_publication_status,
        {"model": ProgressReport, "status": ProgressReport.Status.PUBLISHED},
        name="report-publish",
    ),
    path(
        "reports/<int:pk>/unpublish/",
        views.set_publication_status,
        {"model": ProgressReport, "status": ProgressReport.Status.DRAFT},
        name="report-unpublish",
    ),
    path("pilot-actions/<slug:slug>/outputs/new/", views.OutputCreateView.as_view(), name="output-create"),
    path("outputs/<int:pk>/", views.OutputUpdateView.as_view(), name="output-edit"),
    path("outputs/<int:pk>/delete/", views.OutputDeleteView.as_view(), name="output-delete"),
    path(
        "outputs/<int:pk>/publish/",
        views.set_publication_status,
        {"model": Output, "status": Output.Status.PUBLISHED},
        name="output-publish",
    ),
    path(
        "outputs/<int:pk>/unpublish/",
        views.set_publication_status,
        {"model": Output, "status": Output.Status.DRAFT},
        name="output-unpublish",
    ),
    path("pilot-actions/<slug:slug>/results/", views.ResultsEditView.as_view(), name="results-edit"),
    path("preview/", views.preview, name="preview"),
]
