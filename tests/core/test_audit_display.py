"""The audit log read by someone who does not know the database: each kind of value as the forms show it,
labels in the reader's language, names resolved at read time, confidential values never shown."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.utils import timezone, translation

from jisr.accounts import services as accounts_services
from jisr.accounts.models import Membership, Role
from jisr.cases.services import case_open, listening_record
from jisr.centers.services import center_delete
from jisr.core import audit
from jisr.core.audit_display import ShownChange, ShownEntry, present
from jisr.core.models import AuditLog
from jisr.people import personal_data as people_personal_data
from jisr.people.models import Vulnerability
from jisr.people.services import vulnerability_set
from tests.people.helpers import register


def _shown(user, entry: AuditLog, language: str) -> ShownEntry:  # type: ignore[no-untyped-def]
    with translation.override(language):
        (shown,) = present(user, [AuditLog.objects.select_related("actor").get(pk=entry.pk)])
        # Render the lazy parts now, in the language asked for.
        return ShownEntry(**{**vars(shown), "changes": [ShownChange(**vars(change)) for change in shown.changes]})


def _only_change(shown: ShownEntry) -> tuple[str, str, str, str]:
    (change,) = shown.changes
    return change.label, change.kind, str(change.old or ""), str(change.new or "")


def _case(personas, **identity):  # type: ignore[no-untyped-def]
    person = register(personas, first_name_latin="Amina", last_name_latin="Benali", sex="F", **identity)
    return case_open(
        acting_user=personas.worker_a, person=person, center=personas.center_a, reason="rent arrears",
        channel="walk_in", consent_obtained=True,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("language", "label", "old", "new"),
    [("ar", "الحالة", "الاستقبال", "الإنصات"), ("fr", "Statut", "accueil", "écoute")],
)
def test_a_choice_shows_its_label_in_the_readers_language(personas, language, label, old, new) -> None:  # type: ignore[no-untyped-def]
    case = _case(personas)
    entry = audit.record(
        actor=personas.worker_a, action="update", obj=case, changes={"status": ["reception", "listening"]}
    )
    assert _only_change(_shown(personas.national, entry, language)) == (label, "change", old, new)


def test_a_date_is_day_month_year_and_a_moment_is_local(personas) -> None:  # type: ignore[no-untyped-def]
    membership = Membership.objects.get(user=personas.worker_a)
    entry = audit.record(
        actor=personas.national, action="update", obj=membership, changes={"starts_on": ["2026-03-05", "2026-11-30"]}
    )
    assert _only_change(_shown(personas.national, entry, "fr")) == ("Commence le", "change", "05/03/2026", "30/11/2026")

    moment = datetime.datetime(2026, 7, 14, 23, 30, tzinfo=datetime.UTC)
    local = moment.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE))
    case = _case(personas)
    entry = audit.record(actor=personas.worker_a, action="update", obj=case, changes={"opened_at": [None, str(moment)]})
    _label, _kind, _old, new = _only_change(_shown(personas.national, entry, "ar"))
    assert new == f"{local:%d/%m/%Y %H:%M}"


@pytest.mark.parametrize(("language", "name_field"), [("ar", "name_ar"), ("fr", "name_fr")])
def test_a_foreign_key_shows_the_related_records_name(personas, language, name_field) -> None:  # type: ignore[no-untyped-def]
    case = _case(personas)
    entry = audit.record(
        actor=personas.worker_a,
        action="update",
        obj=case,
        changes={"center": [str(personas.center_b.pk), str(personas.center_a.pk)]},
    )
    _label, kind, old, new = _only_change(_shown(personas.national, entry, language))
    assert (kind, old, new) == (
        "change",
        getattr(personas.center_b, name_field),
        getattr(personas.center_a, name_field),
    )


@pytest.mark.parametrize(
    ("language", "label", "no", "yes"),
    [("ar", "ولوج الكراسي المتحركة", "لا", "نعم"), ("fr", "Accessible en fauteuil roulant", "non", "oui")],
)
def test_a_boolean_is_yes_or_no(personas, language, label, no, yes) -> None:  # type: ignore[no-untyped-def]
    entry = audit.record(
        actor=personas.national,
        action="update",
        obj=personas.center_a,
        changes={"wheelchair_accessible": [False, True]},
    )
    assert _only_change(_shown(personas.national, entry, language)) == (label, "change", no, yes)


def test_a_number_is_given_to_the_number_filter(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    entry = audit.record(
        actor=personas.national, action="update", obj=personas.center_a, changes={"capacity": [40, 1200]}
    )
    (change,) = _shown(personas.national, entry, "fr").changes
    assert (change.old.number, change.new.number) == (40, 1200)
    client = client_for("national")
    client.cookies["jisr_language"] = "fr"
    html = client.get("/accounts/audit/", {"object_id": str(personas.center_a.pk)}).content.decode()
    assert "Capacité (personnes)" in html
    assert '<bdi dir="ltr">1\u202f200</bdi>' in html  # grouped as French writes it, isolated in the sentence


def test_encrypted_and_confidential_values_show_as_changed_only(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    case = _case(personas)
    listening_record(acting_user=personas.worker_a, case=case, needs=["safety"], notes="he threatens her")
    entry = AuditLog.objects.get(object_type="cases.listeningrecord")
    # An encrypted field is never shown, even when a service wrote its value by mistake.
    leaked = audit.record(actor=personas.worker_a, action="update", object_type="cases.listeningrecord",
                          object_id=entry.object_id, changes={"notes": ["", "he threatens her"]})  # fmt: skip
    vulnerability_set(acting_user=personas.worker_a, person=case.person, category="violence_victim")
    nature = AuditLog.objects.get(object_type="people.person", changes__has_key="vulnerability")
    for item in (entry, leaked, nature):
        shown = _shown(personas.national, item, "en")
        assert shown.changes and all(change.kind == "hidden" for change in shown.changes)
        assert all(change.old is None and change.new is None for change in shown.changes)
        assert "threatens" not in shown.changes_text and "violence" not in shown.changes_text
    html = client_for("national").get("/accounts/audit/").content.decode()
    for secret in ("threatens", "safety", "violence_victim", str(Vulnerability.Category.VIOLENCE_VICTIM.label)):
        assert secret not in html
    with translation.override("ar"):
        assert str(Vulnerability.Category.VIOLENCE_VICTIM.label) not in html


def test_a_persons_name_is_not_stored_and_is_read_for_who_may_see_them(personas) -> None:  # type: ignore[no-untyped-def]
    person = register(personas, first_name_latin="Amina", last_name_latin="Benali", sex="F")
    entry = AuditLog.objects.get(object_type="people.person", object_id=str(person.pk), action="create")
    assert entry.object_repr == ""
    seen = _shown(personas.national, entry, "fr")
    assert (seen.name, seen.state, seen.url) == ("Amina Benali", "", f"/people/{person.pk}/")
    # A worker of another center holding the log's permission sees neither the name nor a link.
    role = Role.objects.get(slug="social_worker")
    role.permissions.add(Permission.objects.get(content_type__app_label="core", codename="view_audit"))
    outside = _shown(personas.worker_b, entry, "fr")
    assert (outside.name, outside.state, outside.url) == ("", "hidden", "")
    assert all(change.kind == "hidden" for change in outside.changes)


def test_an_anonymized_person_shows_no_former_name_nor_values(personas) -> None:  # type: ignore[no-untyped-def]
    person = register(personas, first_name_latin="Amina", last_name_latin="Benali", sex="F")
    # An entry written before names stopped being stored, and a correction that holds the old name.
    old = audit.record(actor=personas.worker_a, action="update", obj=person, object_repr="Amina Benali",
                       changes={"last_name_latin": ["Benali", "Bennani"]})  # fmt: skip
    people_personal_data.forget([person.pk], timezone.now())
    shown = _shown(personas.national, old, "fr")
    assert (shown.name, shown.state, shown.url != "") == ("", "anonymized", True)
    assert [change.kind for change in shown.changes] == ["hidden"]
    assert "Benali" not in shown.changes_text and "Bennani" not in shown.changes_text


def test_a_deleted_record_keeps_the_name_it_had(personas) -> None:  # type: ignore[no-untyped-def]
    center = personas.center_rabat
    with translation.override("fr"):
        center_delete(acting_user=personas.national, center=center)
    entry = AuditLog.objects.get(action="delete", object_type="centers.center")
    shown = _shown(personas.national, entry, "ar")
    assert (shown.name, shown.state, shown.url) == (center.name_fr, "deleted", "")


def test_a_set_shows_what_was_removed_and_added_by_label(personas) -> None:  # type: ignore[no-untyped-def]
    role = Role.objects.get(slug="citizen")
    before = list(role.permissions.all())
    added = Permission.objects.get(content_type__app_label="centers", codename="view_center")
    accounts_services.role_set_permissions(acting_user=personas.national, role=role, permissions=[*before, added])
    entry = AuditLog.objects.get(object_type="accounts.role")
    with translation.override("fr"):
        expected = str(translation.gettext("View %(model)s") % {"model": translation.gettext("center")})
    label, kind, removed, new = _only_change(_shown(personas.national, entry, "fr"))
    assert (kind, removed, new) == ("set", "", expected)


def test_stored_name_of_a_center_is_its_name(personas) -> None:  # type: ignore[no-untyped-def]
    with translation.override("fr"):
        entry = audit.record(actor=personas.national, action="view", obj=personas.center_a)
    assert entry.object_repr == personas.center_a.name_fr


def test_a_correction_reads_with_the_forms_labels(personas) -> None:  # type: ignore[no-untyped-def]
    from jisr.people.corrections import person_correct

    person = register(personas, first_name_latin="Amina", last_name_latin="Benali", sex="F")
    person_correct(acting_user=personas.worker_a, person=person, reason="typo", first_name_latin="Aminata")
    entry = AuditLog.objects.filter(object_type="people.person", action="update").latest("id")
    shown = _shown(personas.national, entry, "fr")
    lines = {change.label: (change.kind, str(change.old or ""), str(change.new or "")) for change in shown.changes}
    with translation.override("fr"):
        first_name = translation.gettext("first name (Latin script)")
        reason = translation.gettext("reason")
    assert lines[first_name[0].upper() + first_name[1:]] == ("change", "Amina", "Aminata")
    assert lines[reason[0].upper() + reason[1:]] == ("value", "", "typo")
    assert (shown.name, shown.url) == ("Aminata Benali", f"/people/{person.pk}/")


def test_every_registered_type_has_a_name_and_answers_any_reader(personas) -> None:  # type: ignore[no-untyped-def]
    """Each app's registration runs for a reader of any scope (its selector may answer 404: nothing is
    then visible), and each type is named in words, not by its code."""
    import uuid

    from django.db import models

    from jisr.core.audit_display import object_types, registered_models

    def missing_id(model) -> str:  # type: ignore[no-untyped-def]
        pk = model._meta.pk
        if isinstance(pk, models.UUIDField):
            return str(uuid.uuid4())
        return "987654321" if pk.get_internal_type().endswith("AutoField") else "no-such-record"

    entries = [
        AuditLog(
            action="update", object_type=model._meta.label_lower, object_id=missing_id(model), changes={"a": [1, 2]}
        )
        for model in registered_models()
    ]
    assert len(entries) >= 30
    for persona in ("national", "worker_b", "partner", "outsider"):
        shown = present(getattr(personas, persona), entries)
        assert [item.url for item in shown] == [""] * len(entries)  # none of these records exists
    with translation.override("fr"):
        assert all(label != code and "." not in label for code, label in object_types())
