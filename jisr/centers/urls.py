from django.urls import path, re_path

from jisr.centers import views
from jisr.centers.importexport import views as transfer_views

app_name = "centers"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("provinces/", views.province_options, name="province_options"),
    path("new/", views.create, name="create"),
    re_path(r"^export\.(?P<file_format>csv|xlsx)$", transfer_views.export, name="export"),
    path("import/", transfer_views.upload, name="import"),
    path("import/<uuid:import_id>/", transfer_views.preview, name="import_preview"),
    path("import/<uuid:import_id>/errors.csv", transfer_views.error_report, name="import_errors"),
    path("<uuid:center_id>/", views.detail, name="detail"),
    path("<uuid:center_id>/edit/", views.edit, name="edit"),
    path("<uuid:center_id>/close/", views.close, name="close"),
    path("<uuid:center_id>/delete/", views.delete, name="delete"),
]
