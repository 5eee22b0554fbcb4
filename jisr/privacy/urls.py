from django.urls import path

from jisr.privacy import views

app_name = "privacy"

urlpatterns = [
    path("requests/", views.request_list, name="requests"),
    path("requests/<uuid:request_id>/", views.request_detail, name="request"),
    path("people/<uuid:person_id>/requests/new/", views.request_new, name="request_new"),
    path("people/<uuid:person_id>/export/", views.export, name="export"),
    path("people/<uuid:person_id>/consents/new/", views.consent_add, name="consent_add"),
    path("consents/<uuid:consent_id>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("retention/", views.retention, name="retention"),
    path("retention/run/", views.retention_run, name="retention_run"),
]
