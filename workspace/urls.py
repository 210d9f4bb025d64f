from django.urls import path

from projects.models import ProgressReport
from workspace import views

app_name = "workspace"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("pilot-actions/<slug:slug>/reports/new/", views.ReportCreateView.as_view(), name="report-create"),
    path("reports/<int:pk>/", views.ReportUpdateView.as_view(), name="report-edit"),
    path("reports/<int:pk>/delete/", views.ReportDeleteView.as_view(), name="report-delete"),
    path(
        "reports/<int:pk>/publish/",
        views.set_report_status,
        {"status": ProgressReport.Status.PUBLISHED},
        name="report-publish",
    ),
    path(
        "reports/<int:pk>/unpublish/",
        views.set_report_status,
        {"status": ProgressReport.Status.DRAFT},
        name="report-unpublish",
    ),
    path("preview/", views.preview, name="preview"),
]
