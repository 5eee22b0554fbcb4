from django.urls import path

from jisr.attachments import views

app_name = "attachments"

urlpatterns = [
    path("people/<uuid:person_id>/add/", views.person_upload, name="person_upload"),
    path("people/<uuid:person_id>/documents.zip", views.person_archive, name="person_archive"),
    path("cases/<uuid:case_id>/add/", views.case_upload, name="case_upload"),
    path("<uuid:attachment_id>/", views.download, name="download"),
    path("<uuid:attachment_id>/remove/", views.remove, name="remove"),
]
