"""Documents attached to persons and cases: type read from the bytes, size capped, encrypted on disk, scoped,
every download audited, removed with a reason, erased by retention with the person."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation

from jisr.attachments import selectors, services
from jisr.attachments.models import Attachment
from jisr.cases.models import Case
from jisr.core.models import AuditLog
from jisr.people.models import Person
from jisr.privacy.export import person_export
from jisr.privacy.retention import retention_apply
from tests.attachments.conftest import EXE, HTML, JPEG, PDF, SVG, png_bytes, stored_files, upload

pytestmark = pytest.mark.django_db
NEVER_SEE = ("worker_b", "partner", "analyst", "region_rsk", "citizen", "outsider")


def add_to_case(personas: Any, case: Case, name: str = "rapport.pdf", content: bytes = PDF, **extra: Any) -> Attachment:
    return services.attachment_add(acting_user=personas.worker_a, case=case, upload=upload(name, content),
                                   kind=extra.pop("kind", "medical"), **extra)  # fmt: skip


def in_english_pages(client: Any) -> Any:
    client.cookies["jisr_language"] = "en"
    return client


def refusal(personas: Any, case: Case, name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as refused:
        add_to_case(personas, case, name, content)
    return " ".join(refused.value.message_dict["file"])


# The type, read from the content ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "content", "mime"), [
    ("rapport.pdf", PDF, "application/pdf"), ("photo.JPG", JPEG, "image/jpeg"), ("scan.png", png_bytes(), "image/png"),
    ("carte-sans-extension", JPEG, "image/jpeg"),
])  # fmt: skip
def test_pdf_jpeg_and_png_are_accepted_by_their_content(personas, case, name, content, mime) -> None:  # type: ignore[no-untyped-def]
    attachment = add_to_case(personas, case, name, content)
    assert (attachment.content_type, attachment.size) == (mime, len(content))


def test_a_pdf_renamed_jpg_is_refused_saying_what_it_is(personas, case, documents_folder, in_english) -> None:  # type: ignore[no-untyped-def]
    message = refusal(personas, case, "carte-identite.jpg", PDF)
    assert "PDF" in message and ".jpg" in message
    assert not Attachment.objects.exists() and stored_files(documents_folder) == []


@pytest.mark.parametrize(("name", "content", "named"), [
    ("photo.jpg", HTML, "HTML"), ("image.png", SVG, "SVG"), ("scan.jpg", EXE, None), ("notes.pdf", b"just text", None),
])  # fmt: skip
def test_html_svg_programs_and_unknown_content_are_refused_whatever_their_name(  # type: ignore[no-untyped-def]
    personas, case, documents_folder, in_english, name, content, named
) -> None:
    message = refusal(personas, case, name, content)
    assert "PDF, JPEG, PNG" in message
    if named:
        assert named.lower() in message.lower()  # says what the file really is
    assert not Attachment.objects.exists() and stored_files(documents_folder) == []


def test_an_empty_file_is_refused(personas, case) -> None:  # type: ignore[no-untyped-def]
    refusal(personas, case, "vide.pdf", b"")


# The size -------------------------------------------------------------------------------------------------


def test_an_oversized_file_is_refused_and_nothing_is_stored(personas, case, settings, documents_folder,  # type: ignore[no-untyped-def]
                                                            in_english) -> None:  # fmt: skip
    settings.JISR_ATTACHMENT_MAX_MB = 1
    exactly = PDF + b"0" * (1024 * 1024 - len(PDF))
    assert add_to_case(personas, case, "limite.pdf", exactly).size == 1024 * 1024  # the limit itself is allowed
    before = set(stored_files(documents_folder))
    message = refusal(personas, case, "gros.pdf", exactly + b"0")
    assert "1 MB" in message
    assert Attachment.objects.count() == 1 and set(stored_files(documents_folder)) == before


class _Chunks:
    """An upload that does not say its size and yields chunks forever: only a capped read survives it."""

    name = "sans-fin.pdf"
    size = None

    def __init__(self) -> None:
        self.read = 0

    def chunks(self, chunk_size: int | None = None) -> Any:
        yield PDF
        while True:
            self.read += 64 * 1024
            yield b"0" * (64 * 1024)


def test_the_size_is_checked_while_reading_not_after(personas, case, settings, documents_folder) -> None:  # type: ignore[no-untyped-def]
    settings.JISR_ATTACHMENT_MAX_MB = 1
    endless = _Chunks()
    with pytest.raises(ValidationError):
        services.attachment_add(acting_user=personas.worker_a, case=case, upload=endless, kind="other")
    assert endless.read <= 1024 * 1024 + 64 * 1024  # stopped one chunk past the limit
    assert stored_files(documents_folder) == []


@pytest.mark.parametrize("extra_kb", [100, 2048])  # dropped while streaming / refused by the announced length
def test_the_upload_page_refuses_an_oversized_file_before_storing_it(  # type: ignore[no-untyped-def]
    client_for, personas, case, settings, documents_folder, in_english, extra_kb
) -> None:
    settings.JISR_ATTACHMENT_MAX_MB = 1
    client = in_english_pages(client_for("worker_a"))
    content = PDF + b"0" * (1024 * 1024 + extra_kb * 1024)
    answer = client.post(reverse("attachments:case_upload", args=[case.pk]),
                         {"document-file": upload("gros.pdf", content, "application/pdf"),
                          "document-kind": "medical"})  # fmt: skip
    assert answer.status_code == 200 and "larger than 1 MB" in answer.content.decode()
    assert not Attachment.objects.exists() and stored_files(documents_folder) == []


# Encrypted, outside the web root, random names ------------------------------------------------------------


def test_the_bytes_on_disk_are_not_the_plaintext_and_the_name_is_random(personas, case, settings,  # type: ignore[no-untyped-def]
                                                                        documents_folder) -> None:  # fmt: skip
    secret = PDF + "اسم المستفيدة: خديجة الفاسي".encode() + b" CIN JA998877"
    attachment = add_to_case(personas, case, "JA998877-carte.pdf", secret)
    (on_disk,) = stored_files(documents_folder)
    data = on_disk.read_bytes()
    assert b"%PDF" not in data and b"JA998877" not in data and "خديجة".encode() not in data
    assert "JA998877" not in str(on_disk) and "carte" not in str(on_disk)
    assert not on_disk.is_relative_to(Path(settings.MEDIA_ROOT))
    assert on_disk.stat().st_mode & 0o077 == 0  # readable by the server's user only
    from django.db import connection

    with connection.cursor() as cursor:  # the column as the database holds it, not decrypted by the field
        cursor.execute("SELECT file_key FROM attachments_attachment WHERE id = %s", [attachment.pk.hex])
        (stored,) = cursor.fetchone()
    assert stored.startswith("fernet:") and attachment.file_key not in stored  # the key is itself encrypted


def test_rotating_the_field_keys_keeps_every_document_readable(personas, case, settings) -> None:  # type: ignore[no-untyped-def]
    from cryptography.fernet import Fernet
    from django.core.management import call_command

    attachment = add_to_case(personas, case, content=PDF + b"rotation")
    old = list(settings.JISR_FIELD_KEYS)
    settings.JISR_FIELD_KEYS = [Fernet.generate_key().decode(), *old]
    call_command("rotate_field_keys", verbosity=0)
    settings.JISR_FIELD_KEYS = settings.JISR_FIELD_KEYS[:1]  # the old key is removed
    assert selectors.attachment_download(personas.worker_a, attachment.pk).content == PDF + b"rotation"


# Scope and the audit of every download ---------------------------------------------------------------------


def test_download_in_scope_gives_the_exact_bytes_and_is_audited(client_for, personas, case) -> None:  # type: ignore[no-untyped-def]
    content = PDF + b"exact"
    attachment = add_to_case(personas, case, "rapport médical.pdf", content)
    client = client_for("worker_a")
    for time in (1, 2):
        answer = client.get(reverse("attachments:download", args=[attachment.pk]))
        assert answer.status_code == 200 and answer.content == content
        assert answer["Content-Type"] == "application/pdf" and answer["Content-Disposition"].startswith("attachment")
        assert "sandbox" in answer["Content-Security-Policy"]
        reads = AuditLog.objects.filter(action=AuditLog.Action.VIEW, object_type="attachments.attachment",
                                        object_id=str(attachment.pk), actor=personas.worker_a)  # fmt: skip
        assert reads.count() == time  # every download, not only the first
    entry = reads.first()
    assert entry.changes["downloaded"]["case"] == str(case.pk) and "rapport" not in entry.object_repr


def test_outsiders_get_404_on_the_download_and_nothing_is_audited(client_for, personas, case) -> None:  # type: ignore[no-untyped-def]
    attachment = add_to_case(personas, case)
    for name in NEVER_SEE:
        assert client_for(name).get(reverse("attachments:download", args=[attachment.pk])).status_code == 404, name
        with pytest.raises(Http404):
            selectors.attachment_download(getattr(personas, name), attachment.pk)
    assert client_for(None).get(reverse("attachments:download", args=[attachment.pk])).status_code == 302
    assert not AuditLog.objects.filter(action=AuditLog.Action.VIEW, object_type="attachments.attachment").exists()


def test_a_persons_document_follows_the_person_scope(client_for, personas, person) -> None:  # type: ignore[no-untyped-def]
    attachment = services.attachment_add(acting_user=personas.worker_a, person=person,
                                         upload=upload("cin.jpg", JPEG), kind="identity")  # fmt: skip
    assert attachment.case is None
    for name in ("worker_a", "manager_a", "national"):
        assert client_for(name).get(reverse("attachments:download", args=[attachment.pk])).status_code == 200, name
    for name in NEVER_SEE:
        assert client_for(name).get(reverse("attachments:download", args=[attachment.pk])).status_code == 404, name
    with pytest.raises(Http404):  # worker B may not attach to a person of center A
        services.attachment_add(acting_user=personas.worker_b, person=person, upload=upload("x.jpg", JPEG),
                                kind="identity")  # fmt: skip


def test_outsiders_may_not_upload_and_the_pages_answer_404(client_for, personas, case, person) -> None:  # type: ignore[no-untyped-def]
    for name in NEVER_SEE:
        with pytest.raises(Http404):
            services.attachment_add(acting_user=getattr(personas, name), case=case, upload=upload("a.pdf", PDF),
                                    kind="other")  # fmt: skip
        client = client_for(name)
        for url in (reverse("attachments:case_upload", args=[case.pk]),
                    reverse("attachments:person_upload", args=[person.pk])):  # fmt: skip
            assert client.get(url).status_code == 404, (name, url)
            assert (
                client.post(url, {"document-file": upload("a.pdf", PDF), "document-kind": "other"}).status_code == 404
            )
    assert not Attachment.objects.exists()


# The pages --------------------------------------------------------------------------------------------------


def test_upload_from_the_case_page_then_listed_with_its_facts(client_for, personas, case, in_english) -> None:  # type: ignore[no-untyped-def]
    client = in_english_pages(client_for("worker_a"))
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("attachments:case_upload", args=[case.pk]) in page
    answer = client.post(reverse("attachments:case_upload", args=[case.pk]),
                         {"document-file": upload("bilan.pdf", PDF, "application/pdf"), "document-kind": "medical",
                          "document-title": "Bilan de santé"})  # fmt: skip
    assert answer.status_code == 302 and answer["Location"].endswith(f"/cases/{case.pk}/#documents")
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    attachment = Attachment.objects.get()
    assert "Bilan de santé" in page and reverse("attachments:download", args=[attachment.pk]) in page
    french = client_for("worker_a")
    french.cookies["jisr_language"] = "fr"
    page = french.get(reverse("cases:detail", args=[case.pk])).content.decode()
    with translation.override("fr"):
        kind = translation.gettext("medical report or certificate")
    added_on = timezone.localtime(attachment.added_at).strftime("%d/%m/%Y")  # day/month/year
    assert kind in page and "PDF" in page and added_on in page and f"{len(PDF)}" in page  # the size, in bytes
    manager_page = client_for("manager_a").get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("attachments:download", args=[attachment.pk]) in manager_page
    coordinator_page = client_for("province_agadir").get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Bilan" not in coordinator_page and 'id="documents"' not in coordinator_page  # sees the case, not its papers


def test_a_refused_file_shows_the_reason_on_the_form(client_for, personas, case, in_english) -> None:  # type: ignore[no-untyped-def]
    answer = in_english_pages(client_for("worker_a")).post(
        reverse("attachments:case_upload", args=[case.pk]),
        {"document-file": upload("cin.jpg", PDF), "document-kind": "identity"},
    )
    text = answer.content.decode()
    assert answer.status_code == 200 and "There is a problem" in text and "ends in “.jpg”" in text
    assert not Attachment.objects.exists()


def test_upload_to_the_person_page(client_for, personas, person) -> None:  # type: ignore[no-untyped-def]
    client = client_for("worker_a")
    assert (
        reverse("attachments:person_upload", args=[person.pk])
        in client.get(reverse("people:detail", args=[person.pk])).content.decode()
    )
    scan = upload("cin.png", png_bytes(), "image/png")
    client.post(
        reverse("attachments:person_upload", args=[person.pk]), {"document-file": scan, "document-kind": "identity"}
    )
    attachment = Attachment.objects.get()
    assert (attachment.person, attachment.case, attachment.title) == (person, None, "cin.png")
    assert (
        reverse("attachments:download", args=[attachment.pk])
        in client.get(reverse("people:detail", args=[person.pk])).content.decode()
    )


# Removal -------------------------------------------------------------------------------------------------


def test_removal_needs_a_reason_then_the_file_goes_and_the_row_says_why(  # type: ignore[no-untyped-def]
    client_for, personas, case, documents_folder, django_capture_on_commit_callbacks, in_english
) -> None:
    attachment = add_to_case(personas, case)
    client = in_english_pages(client_for("worker_a"))
    url = reverse("attachments:remove", args=[attachment.pk])
    assert client.post(url, {"reason": "", "confirm": "on"}).status_code == 200  # the form again
    assert client.post(url, {"reason": "Mauvaise personne", "confirm": ""}).status_code == 200
    assert stored_files(documents_folder)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"reason": "Mauvaise personne", "confirm": "on"}).status_code == 302
    attachment.refresh_from_db()
    assert attachment.removed_by == personas.worker_a and attachment.removal_reason == "Mauvaise personne"
    assert (attachment.stored_name, attachment.file_key) == ("", "") and stored_files(documents_folder) == []
    assert client.get(reverse("attachments:download", args=[attachment.pk])).status_code == 404
    assert AuditLog.objects.filter(action=AuditLog.Action.DELETE, object_id=str(attachment.pk)).count() == 1
    assert "Mauvaise personne" in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    for name in (*NEVER_SEE, "province_agadir"):
        assert client_for(name).get(url).status_code == 404, name


# Export and retention --------------------------------------------------------------------------------------


def test_the_export_lists_the_documents_and_the_archive_holds_the_files(client_for, personas, case, person) -> None:  # type: ignore[no-untyped-def]
    of_case = add_to_case(personas, case, "bilan.pdf", PDF + b"case")
    own = services.attachment_add(acting_user=personas.worker_a, person=person, upload=upload("cin.jpg", JPEG),
                                  kind="identity")  # fmt: skip
    document = person_export(acting_user=personas.manager_a, person_id=person.pk)
    listed = {entry["id"]: entry for entry in document["attached_documents"]}
    assert set(listed) == {str(of_case.pk), str(own.pk)}
    assert listed[str(of_case.pk)]["case"] == str(case.pk) and listed[str(own.pk)]["kind"] == "identity"
    assert not {"stored_name", "file_key"} & set(listed[str(own.pk)])
    answer = client_for("manager_a").get(reverse("attachments:person_archive", args=[person.pk]))
    assert answer.status_code == 200
    with zipfile.ZipFile(io.BytesIO(b"".join(answer.streaming_content))) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    assert files == {listed[str(of_case.pk)]["file_in_documents_archive"]: PDF + b"case",
                     listed[str(own.pk)]["file_in_documents_archive"]: JPEG}  # fmt: skip
    assert AuditLog.objects.filter(action=AuditLog.Action.EXPORT, object_id=str(person.pk)).count() == 2
    for name in ("worker_a", *NEVER_SEE):  # the export right: the manager's and the national officer's
        assert client_for(name).get(reverse("attachments:person_archive", args=[person.pk])).status_code == 404, name


def test_retention_erases_the_documents_of_the_person_and_of_their_cases(  # type: ignore[no-untyped-def]
    personas, case, person, documents_folder, django_capture_on_commit_callbacks
) -> None:
    add_to_case(personas, case)
    services.attachment_add(acting_user=personas.worker_a, person=person, upload=upload("cin.jpg", JPEG),
                            kind="identity")  # fmt: skip
    long_ago = timezone.now() - datetime.timedelta(days=365 * 7)
    Case.objects.filter(pk=case.pk).update(status="closed", closed_at=long_ago)
    Person.objects.filter(pk=person.pk).update(updated_at=long_ago)
    assert len(stored_files(documents_folder)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        retention_apply()
    person.refresh_from_db()
    assert person.anonymized_at is not None
    assert not Attachment.objects.exists() and stored_files(documents_folder) == []


def test_orphan_files_are_purged_after_the_upload_retention(personas, case, documents_folder) -> None:  # type: ignore[no-untyped-def]
    import os

    from jisr.core.file_retention import files_purge

    kept = add_to_case(personas, case)
    orphan = documents_folder / "ab" / ("ab" + "0" * 30)
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"left by a failed transaction")
    assert files_purge()["attachments"] == 0  # too recent: its transaction may still run
    old = (timezone.now() - datetime.timedelta(days=400)).timestamp()
    for path in stored_files(documents_folder):
        os.utime(path, (old, old))
    assert files_purge()["attachments"] == 1
    assert not orphan.exists() and selectors.attachment_download(personas.worker_a, kept.pk).content == PDF


def test_the_upload_pages_still_check_the_csrf_token(personas, case, person) -> None:  # type: ignore[no-untyped-def]
    """The cap on the upload's size is put in place before Django reads the body, so the views check CSRF
    themselves: a forged post is refused, and nothing is stored."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.worker_a)
    for url in (
        reverse("attachments:case_upload", args=[case.pk]),
        reverse("attachments:person_upload", args=[person.pk]),
    ):
        answer = client.post(url, {"document-file": upload("bilan.pdf", PDF), "document-kind": "medical"})
        assert answer.status_code == 403, url
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("page", ["cases:detail", "people:detail"])
def test_the_pages_read_the_documents_in_a_fixed_number_of_queries(client_for, personas, case, person, page) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("worker_a")
    target = case if page == "cases:detail" else person
    url = reverse(page, args=[target.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def add() -> None:
        where = {"case": case} if target is case else {"person": person}
        services.attachment_add(acting_user=personas.worker_a, upload=upload("a.jpg", JPEG), kind="other", **where)

    add()
    with_one = queries()
    for _ in range(4):
        add()
    assert queries() == with_one  # five documents cost what one does
