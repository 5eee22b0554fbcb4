from django.urls import path

from jisr.khadamati import urls_office, views, views_office

app_name = "khadamati"

office_urls = [
    path("office/", views_office.office_home, name="office"),
    path("office/representations/", views_office.office_representations, name="office_representations"),
    path(
        "office/representations/<uuid:representation_id>/",
        views_office.office_representation,
        name="office_representation",
    ),
    path(
        "office/representations/<uuid:representation_id>/verify/",
        views_office.office_representation_verify,
        name="office_representation_verify",
    ),
    path(
        "office/representations/<uuid:representation_id>/refuse/",
        views_office.office_representation_refuse,
        name="office_representation_refuse",
    ),
    path(
        "office/representations/<uuid:representation_id>/document/",
        views_office.office_representation_document,
        name="office_representation_document",
    ),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/code/", views.sign_in_code, name="sign_in_code"),
    path("sign-in/name/", views.sign_in_name, name="sign_in_name"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("representations/new/", views.representation_new, name="representation_new"),
    path("representations/<uuid:representation_id>/", views.representation_detail, name="representation"),
    path(
        "representations/<uuid:representation_id>/document/",
        views.representation_document,
        name="representation_document",
    ),
    *office_urls,
    *urls_office.urlpatterns,
]
