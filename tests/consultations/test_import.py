"""The import of a meeting's recommendations: all rows or none, errors per line in the reader's language."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.utils import translation

from jisr.consultations import importing
from jisr.consultations.models import Recommendation


def _csv(*rows: str) -> bytes:
    return ("text_ar,text_fr,organization,province,target_group,pillar,lever\n" + "\n".join(rows) + "\n").encode()


def test_a_good_file_is_written_whole(consultation, personas):
    content = _csv(
        "تعميم مراكز الاستماع,Généraliser les centres d'écoute,EN,04.421,women,women,governance",
        ",Former les travailleurs sociaux,,,all,,",
    )
    report = importing.recommendations_import(
        acting_user=personas.region_rsk, meeting=consultation.meeting_rsk, file_name="pv.csv", content=content
    )
    assert report.errors == [] and report.written == 2
    assert Recommendation.objects.filter(meeting=consultation.meeting_rsk).count() == 3


def test_one_bad_row_writes_nothing_and_every_error_has_its_line(consultation, personas):
    content = _csv("نص صحيح,Texte correct,,,all,,", ",,,,all,,", "نص,Texte,Inconnue,09.001,aliens,nope,")
    with translation.override("fr"):
        report = importing.recommendations_import(
            acting_user=personas.region_rsk, meeting=consultation.meeting_rsk, file_name="pv.csv", content=content
        )
    assert report.written == 0
    lines = dict(report.errors)
    assert set(lines) == {3, 4}
    assert "arabe ou en français" in lines[3]
    for expected in ("Inconnue", "09.001", "aliens", "nope"):
        assert expected in lines[4]
    assert Recommendation.objects.filter(meeting=consultation.meeting_rsk).count() == 1


def test_errors_in_arabic(consultation, personas):
    with translation.override("ar"):
        report = importing.recommendations_import(
            acting_user=personas.region_rsk,
            meeting=consultation.meeting_rsk,
            file_name="pv.csv",
            content=_csv(",,,,all,,"),
        )
    assert report.errors and any("\u0600" <= char <= "\u06ff" for char in report.errors[0][1])


def test_missing_columns_and_bad_files(consultation, personas):
    report = importing.recommendations_import(
        acting_user=personas.national, meeting=consultation.meeting_rsk, file_name="pv.csv", content=b"a,b\n1,2\n"
    )
    assert report.errors and report.errors[0][0] == 1
    report = importing.recommendations_import(
        acting_user=personas.national, meeting=consultation.meeting_rsk, file_name="pv.xlsx", content=b"\x00\x01garbage"
    )
    assert report.errors and report.written == 0


def test_import_into_another_region_is_404(consultation, personas):
    with pytest.raises(Http404):
        importing.recommendations_import(
            acting_user=personas.region_rsk,
            meeting=consultation.meeting_souss,
            file_name="pv.csv",
            content=_csv(",Texte,,,all,,"),
        )


def test_import_page_shows_the_report(consultation, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client = client_for("region_rsk")
    upload = SimpleUploadedFile("pv.csv", _csv(",,,,all,,"), content_type="text/csv")
    response = client.post(
        reverse("consultations:meeting", args=[consultation.meeting_rsk.pk]), {"step": "import", "file-file": upload}
    )
    assert response.status_code == 200 and "<td>2</td>" in response.content.decode()
