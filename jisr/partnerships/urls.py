from django.urls import path

from jisr.partnerships import views

app_name = "partnerships"
# /partnerships/rehabilitation/ is the rehabilitation program's (jisr.centers): nothing here may take it.
urlpatterns = [
    path("", views.convention_list, name="list"),
    path("new/", views.convention_new, name="new"),
    path("figures/", views.figures_page, name="figures"),
    path("pending/", views.pending_list, name="pending"),
    path("import/", views.import_page, name="import"),
    path("export.csv", views.export_csv, name="export"),
    path("<uuid:convention_id>/", views.convention_detail, name="detail"),
    path("<uuid:convention_id>/status/", views.convention_status, name="status"),
    path("<uuid:convention_id>/edit/", views.convention_edit, name="edit"),
    path("<uuid:convention_id>/projects/new/", views.project_new, name="project_new"),
    path("<uuid:convention_id>/projects/<uuid:project_id>/edit/", views.project_edit, name="project_edit"),
    path("<uuid:convention_id>/budgets/", views.budget_edit, name="budget"),
    path("<uuid:convention_id>/parties/", views.party_edit, name="party"),
    path("<uuid:convention_id>/document/", views.convention_document, name="document"),
    path("<uuid:convention_id>/entries/new/", views.entry_new, name="entry_new"),
    path("<uuid:convention_id>/earmarks/new/", views.earmark_new, name="earmark_new"),
    path("entries/<int:entry_id>/reverse/", views.entry_reverse, name="entry_reverse"),
    path("entries/<int:entry_id>/validate/", views.entry_validate, name="entry_validate"),
]
