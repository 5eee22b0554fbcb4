"""Creating and editing after creation: the regions offered, the edit pages and their refusals."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from jisr.consultations.models import Meeting


def test_the_meeting_form_offers_only_the_coordinators_region(consultation, client_for):  # type: ignore[no-untyped-def]
    client = client_for("region_rsk")
    page = client.get(reverse("consultations:manage")).content.decode()
    assert 'value="04"' in page and 'value="09"' not in page
    data = {
        "step": "meeting",
        "meeting-consultation_round": consultation.round.pk,
        "meeting-region": "09",
        "meeting-sequence": 5,
        "meeting-held_on": "2022-01-05",
        "meeting-place": "أكادير",
    }
    response = client.post(reverse("consultations:manage"), data, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    with translation.override("fr"):
        message = translation.gettext("You may plan meetings only in the regions you coordinate.")
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert not Meeting.objects.filter(sequence=5).exists()
