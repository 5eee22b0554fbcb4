"""Catalog items that users name (training modules and programs, social programs, service types,
assessment protocols) have an Arabic and a French name, and show the one of the page's language;
and the labels of a list of choices never read the same twice in any language (issue 11, item 10:
the outreach channel read "phone")."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from jisr.cases.models import Protocol
from jisr.centers.models import ServiceType
from jisr.programs.models import Program
from jisr.training.models import TrainingModule, TrainingProgram

REPO = Path(__file__).resolve().parents[1]
# model → the stem of its per-language fields and the property that picks the page's language
NAMED = [(TrainingModule, "title"), (TrainingProgram, "title"), (Program, "name"), (ServiceType, "name"),
         (Protocol, "title")]  # fmt: skip


@pytest.mark.parametrize(("model", "stem"), NAMED, ids=[model.__name__ for model, _ in NAMED])
def test_each_catalog_item_has_arabic_french_and_english_names(model: type[models.Model], stem: str) -> None:
    fields = {field.name: field for field in model._meta.get_fields()}
    for language in ("ar", "fr", "en"):
        assert f"{stem}_{language}" in fields, f"{model.__name__} has no {stem}_{language}"
    assert not fields[f"{stem}_ar"].blank and not fields[f"{stem}_fr"].blank  # both required
    item = model(**{f"{stem}_ar": "عنوان", f"{stem}_fr": "Titre", f"{stem}_en": "Title"})
    for language, expected in (("ar", "عنوان"), ("fr", "Titre"), ("en", "Title")):
        with translation.override(language):
            assert getattr(item, stem) == expected


@pytest.mark.django_db
def test_the_demo_training_programs_read_arabic_in_the_arabic_interface(settings, client) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    from jisr.accounts.models import User

    settings.JISR_DEMO = True
    for code in ("reception", "listening", "orientation", "certified-training", "professional-project",
                 "social-incubation", "health-social-mediation", "psychological-support"):  # fmt: skip
        ServiceType.objects.get_or_create(code=code, defaults={"name_ar": code, "name_fr": code, "name_en": code})
    call_command("demo", "--small", stdout=StringIO())
    programs = list(TrainingProgram.objects.prefetch_related("modules"))
    assert programs
    for program in programs:
        assert any(program.title_ar.startswith(module.title_ar) for module in program.modules.all())
        assert any("\u0600" <= ch <= "\u06ff" for ch in program.title_ar)
    client.force_login(User.objects.get(username="manager-agadir"))
    client.cookies["jisr_language"] = "ar"
    page = client.get("/training/").content.decode()
    shown = [p for p in programs if p.title_ar in page]
    assert shown and not [p for p in programs if p.title_fr in page]


def _translations(language: str) -> dict[str, str]:
    catalog = polib.pofile(str(REPO / "locale" / language / "LC_MESSAGES" / "django.po"))
    return {entry.msgid: entry.msgstr for entry in catalog.translated_entries() if not entry.msgctxt}


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_no_list_of_choices_shows_the_same_label_twice(language: str) -> None:
    """Read from the catalogs (the .po files), so a wrong translation fails here before any page."""
    translated = _translations(language)
    repeated: dict[str, list[str]] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("jisr."):
            continue
        for field in model._meta.get_fields():
            choices = getattr(field, "choices", None)
            if not choices:
                continue
            with translation.override(None):  # no catalog: each label reads as its msgid
                msgids = [str(label) for _value, label in choices]
            labels = [translated.get(msgid, msgid) for msgid in msgids]
            twice = sorted({label for label in labels if labels.count(label) > 1})
            if twice:
                repeated[f"{model.__name__}.{field.name}"] = twice
    assert repeated == {}, f"{language}: {repeated}"
