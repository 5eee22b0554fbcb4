"""`/partnerships/rehabilitation/`: the programme page and each center's works (mounted before `/partnerships/`)."""

from django.urls import path

from jisr.centers.works import views

app_name = "rehabilitation"
urlpatterns = [
    path("", views.programme, name="programme"),
    path("enrol/", views.enrol, name="enrol"),
    path("<uuid:works_id>/", views.detail, name="works"),
    path("<uuid:works_id>/update/", views.update, name="update"),
    path("<uuid:works_id>/advance/", views.advance, name="advance"),
    path("<uuid:works_id>/step-back/", views.step_back, name="step_back"),
    path("<uuid:works_id>/plan/", views.plan, name="plan"),
    path("<uuid:works_id>/services/", views.future_services, name="services"),
    path("<uuid:works_id>/photos/", views.photo_add, name="photo_add"),
    path("<uuid:works_id>/remove/", views.remove, name="remove"),
    path("photos/<uuid:photo_id>/", views.photo, name="photo"),
    path("photos/<uuid:photo_id>/delete/", views.photo_delete, name="photo_delete"),
]
