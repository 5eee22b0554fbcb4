"""Intake says everything that is wrong at once, the same on the page and the API (issue 11, item 4)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from jisr.core.models import AuditLog
from jisr.people.models import Person
from jisr.people.services import person_create

pytestmark = pytest.mark.django_db

JSON = "application/json"
FUTURE = (datetime.datetime.now(tz=datetime.UTC).date() + datetime.timedelta(days=30)).isoformat()
EVERYTHING_WRONG = {"birth_date": FUTURE, "cin": "12AB", "phone": "abc", "commune_code": "99.999"}


def test_the_service_reports_every_error_at_once(personas) -> None:  # type: ignore[no-untyped-def]
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        person_create(acting_user=personas.worker_a, center=personas.center_a, **EVERYTHING_WRONG)
    errors = refused.value.message_dict
    assert {"birth_date", "cin", "phone", "commune_code", "first_name_ar", "sex"} <= set(errors)
    assert "in the future" in errors["birth_date"][0]
    assert "A123456" in errors["cin"][0]
    assert not Person.objects.exists() and not AuditLog.objects.exists()


@pytest.mark.parametrize("cin", ["A123456", "BE123456", "be 123456", "J12345", "JB١٢٣٤٥"])
def test_moroccan_cins_are_accepted(personas, cin) -> None:  # type: ignore[no-untyped-def]
    person = person_create(acting_user=personas.worker_a, center=personas.center_a, sex="F",
                           first_name_latin="Amina", last_name_latin="Tazi", cin=cin)  # fmt: skip
    assert person.cin[0].isalpha() and person.cin[-1].isdigit()


@pytest.mark.parametrize("cin", ["12AB", "123456", "ABC123", "A1234567", "A-12"])
def test_malformed_cins_are_refused(personas, cin) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        person_create(acting_user=personas.worker_a, center=personas.center_a, sex="F",
                      first_name_latin="Amina", last_name_latin="Tazi", cin=cin)  # fmt: skip
    assert "cin" in refused.value.message_dict


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("06 12 34 56 78", "+212612345678"), ("0712345678", "+212712345678"), ("05 28 12 34 56", "+212528123456"),
     ("+212 6 12 34 56 78", "+212612345678"), ("00212612345678", "+212612345678"), ("٠٦١٢٣٤٥٦٧٨", "+212612345678"),
     ("+33 6 12 34 56 78", "+33612345678")],
)  # fmt: skip
def test_moroccan_and_international_phones_are_accepted(personas, typed, stored) -> None:  # type: ignore[no-untyped-def]
    person = person_create(acting_user=personas.worker_a, center=personas.center_a, sex="F",
                           first_name_latin="Amina", last_name_latin="Tazi", phone=typed)  # fmt: skip
    assert person.phone == stored


@pytest.mark.parametrize("phone", ["abc", "061234", "06123456789", "+212 12 34", "0912345678", "+2126123"])
def test_malformed_phones_are_refused(personas, phone) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        person_create(acting_user=personas.worker_a, center=personas.center_a, sex="F",
                      first_name_latin="Amina", last_name_latin="Tazi", phone=phone)  # fmt: skip
    assert "phone" in refused.value.message_dict


@pytest.mark.parametrize("birth_date", ["1899-12-31", "1850-01-01", FUTURE])
def test_birth_dates_before_1900_or_in_the_future_are_refused(personas, birth_date) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        person_create(acting_user=personas.worker_a, center=personas.center_a, sex="F",
                      first_name_latin="Amina", last_name_latin="Tazi", birth_date=birth_date)  # fmt: skip
    assert "birth_date" in refused.value.message_dict


def test_the_intake_page_shows_every_error_with_a_linked_summary(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    page = client_for("worker_a").post(
        reverse("people:create"),
        {"center": personas.center_a.pk, "first_name_ar": "محمد", "last_name_ar": "التازي", "sex": "M",
         **EVERYTHING_WRONG},
        HTTP_ACCEPT_LANGUAGE="fr",
    )  # fmt: skip
    assert page.status_code == 200 and not Person.objects.exists()
    assert {"birth_date", "cin", "phone", "commune_code"} <= set(page.context["form"].errors)
    html = page.content.decode()
    summary = html[html.index('class="alert alert-danger error-summary"') :]
    summary = summary[: summary.index("</div>")]
    assert 'role="alert"' in html and 'tabindex="-1"' in html
    for anchor in ("#id_birth_date", "#id_cin", "#id_phone", "#id_commune_code"):
        assert f'href="{anchor}"' in summary, anchor
    assert "Il y a un problème" in summary or "There is a problem" in summary


def test_an_empty_form_says_the_names_and_the_sex_are_missing_at_once(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    page = client_for("worker_a").post(reverse("people:create"), {"center": personas.center_a.pk})
    errors = page.context["form"].errors
    assert "first_name_ar" in errors and "sex" in errors
    assert 'href="#id_sex_0"' in page.content.decode() and 'href="#id_first_name_ar"' in page.content.decode()


def test_a_missing_center_does_not_hide_the_other_errors(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    page = client_for("worker_a").post(reverse("people:create"), {"phone": "abc"})
    assert {"center", "phone", "first_name_ar", "sex"} <= set(page.context["form"].errors)


def test_the_api_answers_422_with_every_field_error(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("worker_a").post(
        "/api/v1/people", {"center_id": str(personas.center_a.pk), **EVERYTHING_WRONG}, content_type=JSON
    )
    assert response.status_code == 422
    assert {"birth_date", "cin", "phone", "commune_code", "first_name_ar", "sex"} <= set(response.json()["errors"])
    assert not Person.objects.exists()
