"""Acting for someone: a citizen declares whom they act for with a document checked by its content and
stored encrypted; the office of the person's province verifies or refuses it (audited); until then the
representative sees only what they typed; everyone else gets a 404."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import Client
from django.utils import timezone

from jisr.accounts.models import User
from jisr.core import sms
from jisr.core.models import AuditLog
from jisr.khadamati import selectors, services
from jisr.khadamati.models import Representation
from jisr.people.models import Person
from jisr.territories.models import Commune
from tests.khadamati.helpers import jpeg_bytes, pdf_bytes, png_bytes
from tests.personas import AGADIR_COMMUNE, OUJDA_COMMUNE

pytestmark = pytest.mark.django_db
NEW = "/khadamati/representations/new/"
CHILD_BORN = datetime.date(2016, 5, 4)


def _citizen(client: Client) -> User:
    return User.objects.get(pk=client.session[SESSION_KEY])


def _form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "relation": "minor_child",
        "first_name": "Yassine",
        "last_name": "Berrada",
        "birth_date": CHILD_BORN.isoformat(),
        "cin": "",
        "civil_register_id": "123456789",
        "declaration": "on",
        "document": SimpleUploadedFile("acte-naissance.pdf", pdf_bytes(), content_type="application/pdf"),
    }
    data.update(changes)
    return data


def _declare(user: User, *, commune: str = AGADIR_COMMUNE, **changes: object) -> Representation:
    values: dict[str, object] = {
        "relation": "minor_child",
        "first_name": "Yassine",
        "last_name": "Berrada",
        "birth_date": CHILD_BORN,
        "civil_register_id": "123456789",
        "commune": Commune.objects.get(code=commune),
        "document_name": "acte.pdf",
        "document_content": pdf_bytes(),
    }
    values.update(changes)
    return services.representation_declare(acting_user=user, **values)  # type: ignore[arg-type]


def test_a_citizen_declares_through_the_three_steps(citizen_client) -> None:  # type: ignore[no-untyped-def]
    page = citizen_client.get(NEW)
    assert page.status_code == 200 and 'name="province" class="form-select"' in page.content.decode()
    page = citizen_client.get(NEW, {"province": "09.001"})
    assert 'name="commune"' in page.content.decode() and AGADIR_COMMUNE in page.content.decode()
    url = f"{NEW}?commune={AGADIR_COMMUNE}"
    assert 'name="document"' in citizen_client.get(url).content.decode()
    response = citizen_client.post(url, _form())
    representation = Representation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/khadamati/representations/{representation.pk}/"
    assert representation.citizen == _citizen(citizen_client)
    assert representation.status == "pending" and representation.province_id == "09.001"
    assert representation.region_code == "09" and representation.document_type == "application/pdf"
    detail = citizen_client.get(response["Location"]).content.decode()
    assert "Yassine" in detail and "acte-naissance.pdf" in detail
    entry = AuditLog.objects.get(action="create", object_id=str(representation.pk))
    assert "document_key" not in entry.changes and "document_stored_name" not in entry.changes


def test_every_problem_is_reported_at_once(citizen_client, in_english) -> None:  # type: ignore[no-untyped-def]
    text = b"just some text, not a document"
    data = _form(first_name="", birth_date="2001-01-01", civil_register_id="",
                 document=SimpleUploadedFile("scan.pdf", text, content_type="application/pdf"))  # fmt: skip
    response = citizen_client.post(f"{NEW}?commune={AGADIR_COMMUNE}", data)
    assert response.status_code == 200 and not Representation.objects.exists()
    errors = response.context["form"].errors
    assert set(errors) >= {"first_name", "birth_date", "cin", "document"}


def test_a_pdf_renamed_jpg_is_refused(personas, citizen_client, in_english) -> None:  # type: ignore[no-untyped-def]
    user = _citizen(citizen_client)
    with pytest.raises(ValidationError) as refused:
        _declare(user, document_name="photo.jpg", document_content=pdf_bytes())
    assert "a PDF document but its name ends in “.jpg”" in str(refused.value.message_dict["document"])
    response = citizen_client.post(f"{NEW}?commune={AGADIR_COMMUNE}", _form(
        document=SimpleUploadedFile("photo.jpg", pdf_bytes(), content_type="image/jpeg")))  # fmt: skip
    assert response.status_code == 200 and "document" in response.context["form"].errors
    assert not Representation.objects.exists()


ONLY_ACCEPTED = "Only PDF, JPEG, PNG documents are accepted"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("scan.png", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", ONLY_ACCEPTED),
        ("page.pdf", b"<html><body>hello</body></html>", ONLY_ACCEPTED),
        ("photo.png", png_bytes()[:60], "damaged"),  # a truncated image
        ("acte.pdf", pdf_bytes()[:-40], "damaged"),  # a PDF cut before its end
        ("acte.pdf", pdf_bytes().replace(b"%%EOF", b"/JavaScript (x)\n%%EOF"), "scripts"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_files_that_are_not_what_they_say_are_refused(personas, citizen_client, in_english, name, content,
                                                      message) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        _declare(_citizen(citizen_client), document_name=name, document_content=content)
    assert message in " ".join(refused.value.message_dict["document"])


def test_an_oversized_file_is_refused(personas, citizen_client, settings, in_english) -> None:  # type: ignore[no-untyped-def]
    settings.JISR_KHADAMATI_DOCUMENT_MAX_MB = 1
    big = png_bytes((1200, 1200)) + b"\0" * (1024 * 1024)
    with pytest.raises(ValidationError, match="larger than 1 MB"):
        _declare(_citizen(citizen_client), document_name="scan.png", document_content=big)
    response = citizen_client.post(f"{NEW}?commune={AGADIR_COMMUNE}", _form(
        document=SimpleUploadedFile("scan.png", big, content_type="image/png")))  # fmt: skip
    assert "larger than 1 MB" in str(response.context["form"].errors["document"])
    assert not Representation.objects.exists() and not list(Path(settings.JISR_KHADAMATI_FILES_DIR).rglob("*"))


@pytest.mark.parametrize(
    ("name", "make", "kind"), [("id.jpeg", jpeg_bytes, "image/jpeg"), ("id.PNG", png_bytes, "image/png")]
)
def test_images_are_accepted_and_stored_encrypted(personas, citizen_client, settings, name, make, kind) -> None:  # type: ignore[no-untyped-def]
    content = make()
    representation = _declare(
        _citizen(citizen_client), relation="self", cin="JB123456", civil_register_id="",
        birth_date=datetime.date(1990, 1, 1), document_name=name, document_content=content,
    )  # fmt: skip
    assert representation.document_type == kind
    [stored] = [path for path in Path(settings.JISR_KHADAMATI_FILES_DIR).rglob("*") if path.is_file()]
    assert stored.name == representation.document_stored_name and oct(stored.stat().st_mode)[-3:] == "600"
    on_disk = stored.read_bytes()
    assert content not in on_disk and content[:16] not in on_disk
    # The key is not in the database in clear either.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT document_key FROM khadamati_representation")
        [(raw_key,)] = cursor.fetchall()
    assert raw_key.startswith("fernet:") and representation.document_key not in raw_key
    response = citizen_client.get(f"/khadamati/representations/{representation.pk}/document/")
    assert response.status_code == 200 and response.content == content and response["Content-Type"] == kind
    assert response["Content-Disposition"].startswith("attachment;")
    assert AuditLog.objects.filter(action="view", object_id=str(representation.pk)).count() == 1


def test_a_citizen_sees_only_their_own_declarations(personas, commit, citizen_client) -> None:  # type: ignore[no-untyped-def]
    from tests.khadamati.helpers import sign_up

    mine = _declare(_citizen(citizen_client))
    other_client = Client()
    sign_up(other_client, commit, "0700000002", first_name="Karim")
    other = _citizen(other_client)
    assert list(selectors.representations_of(other)) == []
    for path in ("/", "/document/"):
        assert other_client.get(f"/khadamati/representations/{mine.pk}{path}").status_code == 404
    assert other_client.get(f"/api/v1/khadamati/representations/{mine.pk}").status_code == 404
    assert citizen_client.get(f"/api/v1/khadamati/representations/{mine.pk}").status_code == 200
    # Staff personas, even with every right in Agadir, are not the citizen: 404 on the citizen pages.
    for name in ("national", "worker_a", "province_agadir", "outsider"):
        client = Client()
        client.force_login(getattr(personas, name))
        assert client.get(f"/khadamati/representations/{mine.pk}/").status_code == 404, name
        assert client.get(f"/api/v1/khadamati/representations/{mine.pk}").status_code == 404, name


def test_a_representative_sees_the_persons_record_only_once_verified(personas, office, citizen_client, commit) -> None:  # type: ignore[no-untyped-def]
    record = Person.objects.create(first_name_ar="ياسين", last_name_ar="برادة", first_name_latin="Yacine",
                                   last_name_latin="Berrada", sex="M", birth_date=CHILD_BORN,
                                   civil_register_id="123456789", commune_id=AGADIR_COMMUNE)  # fmt: skip
    representation = _declare(_citizen(citizen_client))
    url = f"/khadamati/representations/{representation.pk}/"
    assert "ياسين" not in citizen_client.get(url).content.decode()  # only what was typed (Yassine)
    assert citizen_client.get(f"/api/v1/khadamati/representations/{representation.pk}/person").status_code == 404
    with pytest.raises(Http404):
        selectors.represented_person(_citizen(citizen_client), representation.pk)
    with commit():
        services.representation_verify(acting_user=office.officer_agadir, representation=representation)
    representation.refresh_from_db()
    assert representation.person == record and representation.decided_by == office.officer_agadir
    assert "ياسين" in citizen_client.get(url).content.decode()
    answer = citizen_client.get(f"/api/v1/khadamati/representations/{representation.pk}/person")
    assert answer.status_code == 200 and answer.json()["first_name"] == "ياسين"
    assert [message.to for message in sms.outbox][-1] == _citizen(citizen_client).phone  # told by text message
    assert "ياسين" not in sms.outbox[-1].text and "Yassine" not in sms.outbox[-1].text


def test_only_the_office_of_the_persons_province_verifies(personas, office, citizen_client, commit) -> None:  # type: ignore[no-untyped-def]
    agadir = _declare(_citizen(citizen_client))
    oujda = _declare(_citizen(citizen_client), commune=OUJDA_COMMUNE, civil_register_id="987654321")
    officer = Client()
    officer.force_login(office.officer_agadir)
    listed = officer.get("/khadamati/office/representations/").content.decode()
    assert str(agadir.pk) in listed and str(oujda.pk) not in listed
    assert officer.get(f"/khadamati/office/representations/{oujda.pk}/").status_code == 404
    assert officer.post(f"/khadamati/office/representations/{oujda.pk}/verify/").status_code == 404
    assert officer.get(f"/khadamati/office/representations/{oujda.pk}/document/").status_code == 404
    with pytest.raises(Http404):
        services.representation_verify(acting_user=office.officer_agadir, representation=oujda)
    oujda.refresh_from_db()
    assert oujda.status == "pending"
    # The Agadir officer verifies the Agadir declaration; the page shows the document and the decision.
    page = officer.get(f"/khadamati/office/representations/{agadir.pk}/")
    assert page.status_code == 200 and "verify/" in page.content.decode()
    with commit():
        assert officer.post(f"/khadamati/office/representations/{agadir.pk}/verify/").status_code == 302
    agadir.refresh_from_db()
    assert agadir.status == "verified"
    entry = AuditLog.objects.get(action="update", object_id=str(agadir.pk))
    assert entry.actor == office.officer_agadir and entry.changes["status"] == ["pending", "verified"]
    with pytest.raises(ValidationError):  # decided once
        services.representation_verify(acting_user=office.officer_agadir, representation=agadir)
    document = officer.get(f"/khadamati/office/representations/{agadir.pk}/document/")
    assert document.status_code == 200 and document.content == pdf_bytes()
    assert AuditLog.objects.filter(action="view", actor=office.officer_agadir, object_id=str(agadir.pk)).exists()


def test_the_oujda_office_refuses_with_a_reason_the_citizen_reads(personas, office, citizen_client, commit) -> None:  # type: ignore[no-untyped-def]
    oujda = _declare(_citizen(citizen_client), commune=OUJDA_COMMUNE)
    officer = Client()
    officer.force_login(office.officer_oujda)
    url = f"/khadamati/office/representations/{oujda.pk}/refuse/"
    officer.post(url, {"reason": "short"})
    oujda.refresh_from_db()
    assert oujda.status == "pending"
    reason = "The birth certificate sent is not readable: send a clearer scan."
    with commit():
        assert officer.post(url, {"reason": reason}).status_code == 302
    oujda.refresh_from_db()
    assert oujda.status == "refused" and oujda.refusal_reason == reason
    assert reason in citizen_client.get(f"/khadamati/representations/{oujda.pk}/").content.decode()
    assert reason not in sms.outbox[-1].text
    # A refused declaration may be made again.
    _declare(_citizen(citizen_client), commune=OUJDA_COMMUNE)


def test_who_may_not_use_the_back_office_gets_404(personas, office, citizen_client) -> None:  # type: ignore[no-untyped-def]
    agadir = _declare(_citizen(citizen_client))
    one = f"/khadamati/office/representations/{agadir.pk}/"
    api = "/api/v1/khadamati/office/representations"
    urls = ["/khadamati/office/", "/khadamati/office/representations/", one, f"{one}document/", api,
            f"{api}/{agadir.pk}"]  # fmt: skip
    for name in ("worker_a", "manager_a", "province_agadir", "partner", "analyst", "citizen", "outsider"):
        client = Client()
        client.force_login(getattr(personas, name))
        for url in urls:
            assert client.get(url).status_code == 404, (name, url)
        assert client.post(f"/khadamati/office/representations/{agadir.pk}/verify/").status_code == 404, name
    for url in urls:
        assert citizen_client.get(url).status_code == 404, url
    # The secretary sees the declarations of Agadir but may not decide them.
    secretary = Client()
    secretary.force_login(office.secretary_agadir)
    page = secretary.get(f"/khadamati/office/representations/{agadir.pk}/")
    assert page.status_code == 200 and "verify/" not in page.content.decode()
    assert secretary.post(f"/khadamati/office/representations/{agadir.pk}/verify/").status_code == 404
    agadir.refresh_from_db()
    assert agadir.status == "pending"


def test_the_api_lists_and_decides_for_the_office(personas, office, citizen_client, commit) -> None:  # type: ignore[no-untyped-def]
    agadir = _declare(_citizen(citizen_client))
    officer = Client()
    officer.force_login(office.officer_agadir)
    listed = officer.get("/api/v1/khadamati/office/representations?status=pending").json()
    assert [item["id"] for item in listed] == [str(agadir.pk)]
    answer = officer.post(f"/api/v1/khadamati/office/representations/{agadir.pk}/refuse",
                          {"reason": "x"}, content_type="application/json")  # fmt: skip
    assert answer.status_code == 422
    with commit():
        answer = officer.post(f"/api/v1/khadamati/office/representations/{agadir.pk}/verify")
    assert answer.status_code == 200 and answer.json()["status"] == "verified"
    assert officer.get("/api/v1/khadamati/office/representations?status=pending").json() == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"relation": "minor_child", "birth_date": datetime.date(2000, 1, 1)}, "birth_date"),
        ({"relation": "adult_under_guardianship", "birth_date": datetime.date(2015, 1, 1)}, "birth_date"),
        ({"birth_date": timezone.localdate() + datetime.timedelta(days=3)}, "birth_date"),
        ({"cin": "12AB", "civil_register_id": ""}, "cin"),
        ({"civil_register_id": "12-34"}, "civil_register_id"),
        ({"relation": "cousin"}, "relation"),
    ],
)
def test_declarations_are_checked(personas, citizen_client, changes, field) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        _declare(_citizen(citizen_client), **changes)
    assert field in refused.value.message_dict


def test_one_declaration_per_person_and_only_citizens_declare(personas, citizen_client) -> None:  # type: ignore[no-untyped-def]
    user = _citizen(citizen_client)
    _declare(user)
    with pytest.raises(ValidationError) as refused:
        _declare(user)
    assert "cin" in refused.value.message_dict
    with pytest.raises(Http404):
        _declare(personas.worker_a)
