from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("confirm/<slug:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<slug:token>/", views.unsubscribe, name="unsubscribe"),
]
