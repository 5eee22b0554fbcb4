from django.urls import path

from jisr.registry import views, views_households

app_name = "registry"

urlpatterns = [
    path("households/", views_households.household_search, name="households"),
    path("households/<str:household_id>/", views_households.household_detail, name="household"),
    path("imports/", views.imports, name="imports"),
    path("imports/<int:job_id>/", views.import_detail, name="import"),
    path("imports/<int:job_id>/cancel/", views.import_cancel, name="import_cancel"),
    path("imports/<int:job_id>/<str:kind>.csv", views.import_report, name="import_report"),
]
