"""The addresses of the back office's work on requests, and the public verification of a card."""

from django.urls import path

from jisr.khadamati import views_card

urlpatterns = [
    path("card/<str:code>/", views_card.card_verify, name="card_verify"),
    path("office/cards/<uuid:card_id>/card.pdf", views_card.office_card_pdf, name="office_card_pdf"),
]
