from django.urls import path

from jisr.core import views, views_dashboards

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.health, name="health"),
    path("dashboards/", views_dashboards.dashboard_index, name="dashboards"),
    path("dashboards/<str:level>/<str:code>/", views_dashboards.dashboard_page, name="dashboard"),
    path(
        "dashboards/<str:level>/<str:code>/<str:key>.<str:file_format>",
        views_dashboards.dashboard_download,
        name="dashboard_download",
    ),  # fmt: skip
]
