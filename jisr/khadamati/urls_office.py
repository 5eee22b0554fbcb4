"""The addresses of the back office's work on requests, and the public verification of a card."""

from django.urls import path

from jisr.khadamati import views_card, views_office_instrument
from jisr.khadamati import views_office_requests as office

R = "office/requests/<uuid:request_id>/"

urlpatterns = [
    path("card/<str:code>/", views_card.card_verify, name="card_verify"),
    path("office/cards/<uuid:card_id>/card.pdf", views_card.office_card_pdf, name="office_card_pdf"),
    path("office/queues/", office.office_queues, name="office_queues"),
    path("office/instrument/", views_office_instrument.office_instrument, name="office_instrument"),
    path(
        "office/instrument/<uuid:version_id>/",
        views_office_instrument.office_instrument_edit,
        name="office_instrument_edit",
    ),  # fmt: skip
    path(
        "office/instrument/<uuid:version_id>/publish/",
        views_office_instrument.office_instrument_publish,
        name="office_instrument_publish",
    ),  # fmt: skip
    path("office/queues/<slug:step>/", office.office_queue, name="office_queue"),
    path(R, office.office_request, name="office_request"),
    path(R + "assign/", office.office_request_assign, name="office_request_assign"),
    path(R + "documents/<uuid:document_id>/", office.office_document, name="office_document"),
    path(R + "documents/<uuid:document_id>/accept/", office.office_document_accept, name="office_document_accept"),
    path(R + "documents/<uuid:document_id>/refuse/", office.office_document_refuse, name="office_document_refuse"),
    path(R + "documents/complete/", office.office_documents_complete, name="office_documents_complete"),
    path(R + "medical/", office.office_medical, name="office_medical"),
    path(R + "medical/convocation/", office.office_convocation, name="office_convocation"),
    path(
        R + "medical/convocations/<uuid:convocation_id>/outcome/",
        office.office_convocation_outcome,
        name="office_convocation_outcome",
    ),  # fmt: skip
    path("office/cards/<uuid:card_id>/withdraw/", views_card.office_card_withdraw, name="office_card_withdraw"),
    path(R + "assessment/", office.office_assessment, name="office_assessment"),
    path(R + "decision/", office.office_decision, name="office_decision"),
    path(R + "decisions/<uuid:decision_id>/confirm/", office.office_decision_confirm, name="office_decision_confirm"),
    path(R + "card/", office.office_card_issue, name="office_card_issue"),
    path(R + "convergence/case/", office.office_convergence_case, name="office_convergence_case"),
    path(R + "convergence/referral/", office.office_convergence_referral, name="office_convergence_referral"),
]
