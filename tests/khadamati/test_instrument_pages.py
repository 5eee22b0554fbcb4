"""The instrument's pages: who may change the instrument edits a version (a published one is kept, the edit makes the
next version as a draft), sees every problem at once, publishes the draft; the requests assessed with the earlier
version keep it. Everyone else gets 404."""

from __future__ import annotations

import copy
import json

import pytest
from django.test import Client

from jisr.khadamati import instrument_v1, selectors_office, services_office
from jisr.khadamati.models import AssessmentInstrument, SocialAssessment
from tests.khadamati.helpers import make_citizen
from tests.khadamati.office_helpers import make_staff, request_at
from tests.khadamati.test_office import ALL_NONE, ENVIRONMENT

pytestmark = pytest.mark.django_db


def _form(version: AssessmentInstrument, definition: object, **titles: str) -> dict[str, str]:
    return {
        "title_ar": titles.get("title_ar", version.title_ar),
        "title_fr": titles.get("title_fr", version.title_fr),
        "title_en": titles.get("title_en", version.title_en),
        "definition": json.dumps(definition, ensure_ascii=False),
    }


def test_editing_makes_a_new_version_and_the_assessed_requests_keep_theirs(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    staff = make_staff()
    v1 = selectors_office.published_instrument(instrument_v1.CODE)
    assessed = request_at("social_assessment", applicant=make_citizen("p-ki-applicant"))
    services_office.social_assessment_record(
        acting_user=staff.assistant, request=assessed, ratings=ALL_NONE, environment=ENVIRONMENT
    )
    client = client_for("national")
    listing = client.get("/khadamati/office/instrument/").content.decode()
    assert f"/khadamati/office/instrument/{v1.pk}/" in listing

    definition = copy.deepcopy(v1.definition)
    definition["domains"][0]["items"][0]["text"]["fr"] = "Rester concentré sur une tâche"
    response = client.post(f"/khadamati/office/instrument/{v1.pk}/", _form(v1, definition))
    assert response.status_code == 302
    draft = AssessmentInstrument.objects.get(code=instrument_v1.CODE, version=2)
    assert draft.status == "draft" and response["Location"] == f"/khadamati/office/instrument/{draft.pk}/"
    v1.refresh_from_db()
    assert v1.definition == instrument_v1.DEFINITION  # the published version never changes

    assert client.post(f"/khadamati/office/instrument/{draft.pk}/publish/").status_code == 302
    assert selectors_office.published_instrument(instrument_v1.CODE) == draft
    assessment = SocialAssessment.objects.get(request=assessed)
    assert assessment.instrument == v1  # assessed with version 1, it keeps it
    staff_page = Client()
    staff_page.force_login(staff.officer)
    page = staff_page.get(f"/khadamati/office/requests/{assessed.pk}/").content.decode()
    assert v1.definition["domains"][0]["title"]["ar"] in page  # its scores are read with version 1


def test_every_problem_at_once(personas, client_for, in_english) -> None:  # type: ignore[no-untyped-def]
    v1 = selectors_office.published_instrument(instrument_v1.CODE)
    broken = copy.deepcopy(v1.definition)
    broken["domains"].pop()  # five domains
    broken["scale"][1]["score"] = 0  # two levels with the same score
    broken["environment"].pop("factors")
    response = client_for("national").post(f"/khadamati/office/instrument/{v1.pk}/", _form(v1, broken, title_fr=" "))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('href="#id_definition"') == 3 and 'href="#id_title_fr"' in page
    assert AssessmentInstrument.objects.filter(code=instrument_v1.CODE).count() == 1


def test_invalid_json_and_an_empty_title_together(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    v1 = selectors_office.published_instrument(instrument_v1.CODE)
    form = _form(v1, {}, title_ar="")
    form["definition"] = "{not json"
    page = client_for("national").post(f"/khadamati/office/instrument/{v1.pk}/", form).content.decode()
    assert 'href="#id_definition"' in page and 'href="#id_title_ar"' in page


@pytest.mark.parametrize("name", ["province_agadir", "worker_a", "citizen", "outsider", "partner", "analyst"])
def test_who_may_not_change_it_gets_404(personas, client_for, name) -> None:  # type: ignore[no-untyped-def]
    v1 = selectors_office.published_instrument(instrument_v1.CODE)
    client = client_for(name)
    assert client.get("/khadamati/office/instrument/").status_code == 404
    assert client.get(f"/khadamati/office/instrument/{v1.pk}/").status_code == 404
    assert client.post(f"/khadamati/office/instrument/{v1.pk}/", _form(v1, v1.definition)).status_code == 404
    assert client.post(f"/khadamati/office/instrument/{v1.pk}/publish/").status_code == 404


def test_the_provincial_office_gets_404(personas) -> None:  # type: ignore[no-untyped-def]
    staff = make_staff()
    v1 = selectors_office.published_instrument(instrument_v1.CODE)
    for user in (staff.officer, staff.assistant, staff.secretary):
        client = Client()
        client.force_login(user)
        assert client.get(f"/khadamati/office/instrument/{v1.pk}/").status_code == 404
        assert "/khadamati/office/instrument/" not in client.get("/khadamati/office/queues/").content.decode()
