from django.urls import path

from jisr.people import views, views_linkage

app_name = "people"

urlpatterns = [
    path("", views.search, name="search"),
    path("new/", views.create, name="create"),
    path("new/check/", views.duplicate_check, name="duplicate_check"),
    path("merges/", views.merges, name="merges"),
    path("linkage/", views_linkage.review, name="linkage"),
    path("linkage/run/", views_linkage.run, name="linkage_run"),
    path("linkage/<int:pair_id>/", views_linkage.decide, name="linkage_decide"),
    path("merges/<uuid:merge_id>/undo/", views.merge_undo, name="merge_undo"),
    path("<uuid:person_id>/", views.detail, name="detail"),
    path("<uuid:person_id>/edit/", views.edit, name="edit"),
    path("<uuid:person_id>/household/", views.household, name="household"),
    path("<uuid:person_id>/merge/", views.merge, name="merge"),
    path("<uuid:person_id>/timeline/", views.timeline, name="timeline"),
]
