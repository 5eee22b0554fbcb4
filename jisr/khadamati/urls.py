from django.urls import path

from jisr.khadamati import urls_office, views, views_office, views_requests

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

R = "requests/<uuid:request_id>/"
request_urls = [
    path("requests/", views_requests.my_requests, name="my_requests"),
    path("requests/new/", views_requests.request_new, name="request_new"),
    path(R, views_requests.request_detail, name="request"),
    path(f"{R}step/<slug:step>/", views_requests.request_step, name="request_step"),
    path(f"{R}prefill/", views_requests.request_prefill, name="request_prefill"),
    path(f"{R}message/", views_requests.request_message, name="request_message"),
    path(f"{R}reconsideration/", views_requests.request_reconsideration, name="request_reconsideration"),
    path(f"{R}appeal/", views_requests.request_appeal, name="request_appeal"),
    path(f"{R}withdraw/", views_requests.request_withdraw, name="request_withdraw"),
    path(f"{R}card.pdf", views_requests.request_card_pdf, name="request_card"),
    path(f"{R}consent/", views_requests.request_consent, name="request_consent"),
    path(f"{R}consent/withdraw/", views_requests.request_consent_withdraw, name="request_consent_withdraw"),
    path(f"{R}documents/<uuid:document_id>/", views_requests.request_document, name="request_document"),
    path(f"{R}documents/<uuid:document_id>/remove/", views_requests.request_document_remove,
         name="request_document_remove"),
    path(f"{R}documents/<uuid:document_id>/replace/", views_requests.request_document_replace,
         name="request_document_replace"),
]  # fmt: skip

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
    *request_urls,
    *office_urls,
    *urls_office.urlpatterns,
]
