from django.urls import path  # noqa: F401 (the library's and the comparison's views add their paths here)

app_name = "results"

urlpatterns = []
