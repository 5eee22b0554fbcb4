"""Registry members: persons of the index imported with their household data — match keys as at intake,
every error by line and column, the correction file, idempotent re-import, the update/refuse policy,
encodings, Arabic-Indic digits and French dates, XLSX, identifier clashes without half-written members,
cancellation between chunks, the page, the API and the command, and a consistent synthetic file."""

from __future__ import annotations

import datetime
from pathlib import Path

import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from jisr.core.intake.text import detect_encoding
from jisr.people.models import Person
from jisr.people.names import person_keys
from jisr.registry.importing.households import import_households
from jisr.registry.importing.reading import ImportFileError
from jisr.registry.importing.validation import EASTERN_DIGITS, WESTERN_DIGITS, parsed_date
from jisr.registry.members import import_members
from jisr.registry.models import ImportJob, RegistryHousehold, RegistryMember
from jisr.registry.synthetic import clean_households, generate, generate_members, write, write_file

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
HOUSEHOLDS = EXAMPLES / "registry-households.csv"
MEMBERS = EXAMPLES / "registry-members-example.csv"
NEVER = ("region_rsk", "analyst", "manager_a", "worker_a", "partner", "citizen", "outsider")


@pytest.fixture
def households(db):  # type: ignore[no-untyped-def]
    import_households(HOUSEHOLDS, update=False)


def _example() -> pl.DataFrame:
    return pl.read_csv(MEMBERS, infer_schema=False).fill_null("")


def _file(tmp_path: Path, rows: list[dict[str, str]], encoding: str = "utf-8", name: str = "m.csv") -> Path:
    """A members file: each row is a plain child of household RSU03000000001 (head included as member 1),
    with its own member number and register id unless the row says otherwise."""
    base = {**_example().row(2, named=True), "household_id": "RSU03000000001", "relation": "child", "cin": ""}
    full = [{**base, "member_no": str(index + 1), "civil_register_id": f"90000000{index:02d}", **row}
            for index, row in enumerate(rows)]  # fmt: skip
    path = tmp_path / name
    path.write_bytes(pl.DataFrame(full).write_csv().encode(encoding))
    return path


def _imported(household_id: str, member_no: int) -> Person:
    return RegistryMember.objects.select_related("person").get(household_id=household_id, member_no=member_no).person


def test_the_documented_example_imports_persons_of_the_index(households, personas) -> None:  # type: ignore[no-untyped-def]
    outcome, errors, invalid = import_members(MEMBERS, update=False, created_by=personas.national)
    assert errors.height == 0, errors.to_dicts()
    assert (outcome.rows, outcome.created, outcome.invalid, invalid.height) == (12, 12, 0, 0)
    persons = Person.objects.filter(registry_member__isnull=False)
    assert persons.count() == RegistryMember.objects.count() == 12
    for person in persons.select_related("registry_member__household"):
        member, household = person.registry_member, person.registry_member.household  # type: ignore[attr-defined]
        assert person.registered_at_id is None and person.created_by == personas.national
        assert (person.commune_id, person.province_id, person.region_code) == (
            household.commune_id, household.province_code, household.region_code)  # fmt: skip
        assert person.relation_to_head == member.relation_to_head
        keys = person_keys(first_ar=person.first_name_ar, last_ar=person.last_name_ar,
                           first_latin=person.first_name_latin, last_latin=person.last_name_latin)  # fmt: skip
        assert {name: getattr(person, name) for name in keys} == keys
    head = _imported("RSU03000000000", 1)
    assert (head.cin, head.civil_register_id, head.phone, head.sex) == ("BK712345", "1032547781", "+212612345678", "M")
    assert head.name_phonetic_key == "sfl" and head.registry_member.schooling == "upper_secondary"  # type: ignore[attr-defined]
    assert _imported("RSU03000000000", 2).birth_date == datetime.date(1978, 7, 14)  # dd/mm/yyyy
    assert _imported("RSU03000000003", 2).birth_date == datetime.date(2019, 3, 14)  # Arabic-Indic digits
    arabic_only = _imported("RSU03000000003", 3)
    assert (arabic_only.first_name_latin, arabic_only.name_latin_key, arabic_only.cin) == ("", "", None)
    assert arabic_only.name_ar_key == "مريم بنجلون"
    again, _errors, _invalid = import_members(MEMBERS, update=False)
    assert (again.created, again.refused) == (0, 12)
    same, _errors, _invalid = import_members(MEMBERS, update=True)
    assert (same.created, same.updated, same.unchanged) == (0, 0, 12)  # importing the same file changes nothing
    assert Person.objects.count() == 12


def test_every_error_has_its_line_column_value_and_message(households, tmp_path, in_english) -> None:  # type: ignore[no-untyped-def]
    path = _file(tmp_path, [
        {"relation": "head", "birth_date": "1970-01-01"},                          # 2: valid
        {"household_id": "RSU-NOPE"},                                              # 3
        {"member_no": "deux"},                                                     # 4
        {"member_no": "1"},                                                        # 5: member 1 again
        {"relation": "head", "birth_date": "1971-01-01"},                          # 6: a second head
        {"relation": "cousin"},                                                    # 7
        {"first_name_ar": "", "first_name_latin": ""},                             # 8: no first name
        {"birth_date": "31/02/2010"},                                              # 9
        {"birth_date": "2999-01-01"},                                              # 10
        {"cin": "12345"},                                                          # 11
        {"civil_register_id": "9000000000"},                                       # 12: line 2's
        {"sex": "X"},                                                              # 13
        {"disability": "peut-être"},                                               # 14
        {"disability_type": "motor"},                                              # 15: without a disability
        {"schooling": "college"},                                                  # 16
        {"first_name_latin": "محمد"},                                              # 17: Arabic in a Latin column
        {"declared_on": ""},                                                       # 18
        {"source": ""},                                                            # 19
        {"phone": "123"},                                                          # 20
        {"household_id": "RSU03000000005", "member_no": "1", "relation": "head", "birth_date": "2020-01-01"},  # 21
        {"disability": "oui", "disability_type": "visual"},                        # 22: valid
    ])  # fmt: skip
    outcome, errors, invalid = import_members(path, update=False)
    found = {(row["line"], row["column"]) for row in errors.to_dicts()}
    assert found == {
        (3, "household_id"), (4, "member_no"), (5, "member_no"), (6, "relation"), (7, "relation"),
        (8, "first_name_ar"), (9, "birth_date"), (10, "birth_date"), (11, "cin"), (12, "civil_register_id"),
        (13, "sex"), (14, "disability"), (15, "disability_type"), (16, "schooling"), (17, "first_name_latin"),
        (18, "declared_on"), (19, "source"), (20, "phone"), (21, "birth_date"),
    }  # fmt: skip
    messages = {row["column"]: row["message"] for row in errors.to_dicts()}
    assert "no household" in messages["household_id"].lower() and "12 years" in messages["birth_date"]
    assert errors.filter(pl.col("line") == 11)["value"][0] == "12345"
    assert (outcome.created, outcome.invalid, invalid.height) == (2, 19, 19)
    assert invalid["household_id"][0] == "RSU-NOPE"  # the rows as read, for correction
    assert _imported("RSU03000000001", 21).registry_member.disability_type == "visual"  # type: ignore[attr-defined]


def test_a_whole_household_without_a_head_is_refused(households, tmp_path, in_english) -> None:  # type: ignore[no-untyped-def]
    rows = [{"household_id": "RSU03000000006", "relation": relation} for relation in ("spouse", "child", "child")]
    outcome, errors, _invalid = import_members(_file(tmp_path, rows), update=False)
    assert set(errors["line"]) == {2, 3, 4} and set(errors["column"]) == {"relation"}
    assert "none is its head" in errors["message"][0] and outcome.created == 0
    partial, errors, _invalid = import_members(_file(tmp_path, rows[:2]), update=False)  # part of it: fine
    assert errors.height == 0 and partial.created == 2


def test_a_head_already_registered_under_another_number_is_refused(households, tmp_path, in_english) -> None:  # type: ignore[no-untyped-def]
    import_members(_file(tmp_path, [{"relation": "head", "birth_date": "1970-01-01"}]), update=False)
    path = _file(tmp_path, [{"relation": "spouse"}, {"relation": "head", "birth_date": "1972-01-01"}], name="b.csv")
    refused, errors, _invalid = import_members(path, update=False)
    assert (errors["line"].to_list(), errors["column"].to_list()) == ([3], ["relation"])
    assert "already has a head" in errors["message"][0] and refused.refused == 1
    moved, errors, _invalid = import_members(path, update=True)  # the file declares member 1 otherwise now
    assert errors.height == 0 and (moved.updated, moved.created) == (1, 1)
    assert _imported("RSU03000000001", 1).relation_to_head == "spouse"


def test_the_job_writes_the_report_and_the_invalid_rows_to_correct(households, personas, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from jisr.registry.services import import_job_create, import_job_run

    settings.VAR_DIR = tmp_path
    path = _file(tmp_path, [{"relation": "head", "birth_date": "1970-01-01"}, {"sex": "X"}, {"birth_date": "hier"}])
    job = import_job_run(import_job_create(acting_user=personas.national, path=path, file_name="m.csv",
                                           policy="refuse", kind="members").pk)  # fmt: skip
    assert (job.status, job.kind, job.created, job.invalid) == ("done", "members", 1, 2)
    assert Path(job.errors_path).read_text().splitlines()[0] == "line,column,value,message"
    invalid_rows = tmp_path / "registry" / f"import-{job.pk}-invalid-rows.csv"
    corrected = pl.read_csv(invalid_rows, infer_schema=False).fill_null("").with_columns(
        pl.lit("F").alias("sex"), pl.lit("2010-05-06").alias("birth_date"))  # fmt: skip
    corrected.write_csv(tmp_path / "corrected.csv")
    again = import_job_run(import_job_create(acting_user=personas.national, path=tmp_path / "corrected.csv",
                                             file_name="c.csv", policy="refuse", kind="members").pk)  # fmt: skip
    assert (again.created, again.invalid) == (2, 0)
    assert Person.objects.filter(created_by=personas.national).count() == 3


def test_blank_lines_are_skipped_and_keep_the_line_numbers(households, tmp_path) -> None:  # type: ignore[no-untyped-def]
    lines = MEMBERS.read_text("utf-8").splitlines()
    path = tmp_path / "blank.csv"
    path.write_text("\n".join([*lines[:3], "", lines[3].replace(",M,", ",H,"), *lines[4:6], ""]) + "\n", "utf-8")
    outcome, errors, invalid = import_members(path, update=False)
    assert (outcome.rows, outcome.created, outcome.invalid, invalid.height) == (5, 4, 1, 1)
    assert errors.select("line", "column").rows() == [(5, "sex")], "the blank line 4 counts in the numbering"


@pytest.mark.usefixtures("in_english")
def test_a_line_that_cannot_be_split_into_columns_is_named(households, tmp_path) -> None:  # type: ignore[no-untyped-def]
    lines = MEMBERS.read_text("utf-8").splitlines()
    path = tmp_path / "damaged.csv"
    path.write_text("\n".join([*lines[:3], lines[3] + ",extra", *lines[4:]]) + "\n", "utf-8")
    with pytest.raises(ImportFileError, match="Line 4 has 20 fields where the header has 19"):
        import_members(path, update=False)
    assert not Person.objects.exists()  # the key columns are read from the whole file before anything is written


def test_a_file_without_the_required_columns_imports_nothing(households, tmp_path, in_english) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "wrong.csv"
    path.write_text("household_id;first_name_ar\nRSU03000000000;يوسف\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="member_no, relation, sex, birth_date"):
        import_members(path, update=False)
    assert not Person.objects.exists()


def test_update_rewrites_what_changed_and_refuse_keeps_it(households, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import_members(MEMBERS, update=False)
    changed = _example().with_columns(
        pl.when(pl.int_range(pl.len()) == 0).then(pl.lit("Yousef")).otherwise(pl.col("first_name_latin"))
        .alias("first_name_latin"),
        pl.when(pl.int_range(pl.len()) == 1).then(pl.lit("none")).otherwise(pl.col("schooling")).alias("schooling"),
        pl.lit("").alias("cin"),  # an empty cell never erases an identifier
    )  # fmt: skip
    path = tmp_path / "changed.csv"
    changed.write_csv(path)
    refused, _errors, _invalid = import_members(path, update=False)
    assert refused.refused == 12 and _imported("RSU03000000000", 1).first_name_latin == "Youssef"
    updated, errors, _invalid = import_members(path, update=True)
    assert errors.height == 0 and (updated.updated, updated.unchanged, updated.created) == (2, 10, 0)
    head = _imported("RSU03000000000", 1)
    assert (head.first_name_latin, head.name_latin_key, head.cin) == ("Yousef", "iusif alaui", "BK712345")
    assert _imported("RSU03000000000", 2).registry_member.schooling == "none"  # type: ignore[attr-defined]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1256"])
def test_bom_and_windows_1256_files(households, tmp_path, encoding) -> None:  # type: ignore[no-untyped-def]
    frame = _example().with_columns(  # Windows-1256 has no Arabic-Indic digits: such files carry Western ones
        pl.col("birth_date").str.replace_many(EASTERN_DIGITS, WESTERN_DIGITS), pl.lit("مسح ميداني").alias("source")
    )
    path = tmp_path / "m.csv"
    path.write_bytes(frame.write_csv().encode(encoding))
    assert detect_encoding(path.read_bytes()) == encoding
    outcome, errors, _invalid = import_members(path, update=False)
    assert errors.height == 0 and (outcome.encoding, outcome.created) == (encoding, 12)
    head = _imported("RSU03000000003", 1)
    assert (head.first_name_ar, head.last_name_ar, head.registry_member.source) == (  # type: ignore[attr-defined]
        "فاطمة الزهراء", "الإدريسي", "مسح ميداني")  # fmt: skip


def test_an_xlsx_file(households, tmp_path) -> None:  # type: ignore[no-untyped-def]
    write(_example(), tmp_path / "m.xlsx")
    outcome, errors, _invalid = import_members(tmp_path / "m.xlsx", update=False)
    assert errors.height == 0 and (outcome.encoding, outcome.created) == ("xlsx", 12)
    assert _imported("RSU03000000000", 2).birth_date == datetime.date(1978, 7, 14)


def test_an_identifier_of_another_person_is_reported_and_nothing_is_half_written(
    households, personas, in_english
) -> None:  # type: ignore[no-untyped-def]  # noqa: E501
    Person.objects.create(first_name_latin="Someone", last_name_latin="Else", sex="M", cin="BK712345",
                          registered_at=personas.center_a)  # fmt: skip
    Person.objects.create(first_name_latin="Other", last_name_latin="One", sex="F", civil_register_id="1032547782")
    outcome, errors, invalid = import_members(MEMBERS, update=False)
    assert [(e["line"], e["column"]) for e in errors.to_dicts()] == [(2, "cin"), (3, "civil_register_id")]
    assert "another person" in errors["message"][0].lower() and invalid.height == 2
    assert (outcome.created, outcome.invalid) == (10, 2)
    assert Person.objects.count() == 12 and RegistryMember.objects.count() == 10
    assert not Person.objects.filter(registered_at=None, registry_member=None).exclude(last_name_latin="One").exists()


def test_a_clash_only_the_database_sees_is_reported_row_by_row(households, monkeypatch, in_english) -> None:  # type: ignore[no-untyped-def]
    import jisr.registry.members as members

    Person.objects.create(first_name_latin="Someone", last_name_latin="Else", sex="M", cin="BK712345")
    real = members._owners
    monkeypatch.setattr(members, "_owners", lambda field, values: real(field, []))  # as if written meanwhile
    outcome, errors, _invalid = import_members(MEMBERS, update=False)
    assert [(e["line"], e["column"]) for e in errors.to_dicts()] == [(2, "member_no")]
    assert "import it again" in errors["message"][0] and (outcome.created, outcome.invalid) == (11, 1)
    assert Person.objects.count() == 12 and RegistryMember.objects.count() == 11


def _synthetic(tmp_path: Path, households: int, seed: int) -> Path:
    write_file(tmp_path / "h.csv", households=households, seed=seed, duplicates=0, errors=0, members=tmp_path / "m.csv")
    import_households(tmp_path / "h.csv", update=False)
    return tmp_path / "m.csv"


def test_a_cancelled_import_keeps_whole_chunks_only(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import jisr.registry.members as members

    monkeypatch.setattr(members, "CHUNK", 100)
    path = _synthetic(tmp_path, 120, seed=8)
    calls: list[int] = []

    def progress(done: int, total: int) -> bool:
        calls.append(done)
        return done < 200

    outcome, _errors, _invalid = import_members(path, update=False, progress=progress)
    assert outcome.cancelled and calls == [100, 200]
    assert RegistryMember.objects.count() == Person.objects.count() == outcome.created == 200


def test_the_page_and_the_api_import_members(client, personas, households, settings, tmp_path,
                                             django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    settings.VAR_DIR = tmp_path
    client.force_login(personas.national)
    assert "members" in client.get("/registry/imports/").content.decode()
    upload = MEMBERS.read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/registry/imports/", {"file": SimpleUploadedFile("m.csv", upload), "kind": "members",
                                                      "policy": "refuse"})  # fmt: skip
    job = ImportJob.objects.get()
    assert response.status_code == 302 and (job.kind, job.status, job.created) == ("members", "done", 12)
    assert job.started_by == personas.national and Person.objects.filter(created_by=personas.national).count() == 12
    assert str(job.get_kind_display()) in client.get(f"/registry/imports/{job.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post("/api/v1/registry/imports", {"file": SimpleUploadedFile("m.csv", upload),
                                                         "kind": "members", "policy": "update"})  # fmt: skip
    assert again.status_code == 202 and again.json()["kind"] == "members"
    second = client.get(f"/api/v1/registry/imports/{again.json()['id']}").json()
    assert (second["status"], second["created"], second["unchanged"]) == ("done", 0, 12)
    wrong = client.post("/api/v1/registry/imports", {"file": SimpleUploadedFile("m.csv", upload), "kind": "pets"})
    assert wrong.status_code == 422
    for name in NEVER:
        client.force_login(getattr(personas, name))
        assert client.get("/registry/imports/").status_code == 404, name
        posted = client.post("/api/v1/registry/imports", {"file": SimpleUploadedFile("m.csv", upload),
                                                          "kind": "members"})  # fmt: skip
        assert posted.status_code == 404, name
        assert client.get(f"/api/v1/registry/imports/{job.pk}").status_code == 404, name
    assert ImportJob.objects.count() == 2


def test_the_command_generates_and_imports_members(tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    households, members = tmp_path / "h.csv", tmp_path / "m.csv"
    call_command("registry", "generate", "--households", "300", "--seed", "3", "--out", str(households),
                 "--members", str(members))  # fmt: skip
    call_command("registry", "import", str(households))
    call_command("registry", "import", str(members), "--kind", "members")
    job = ImportJob.objects.latest("pk")
    assert (job.kind, job.status) == ("members", "done") and job.created == RegistryMember.objects.count() > 1000
    assert 0.01 < job.invalid / job.rows_total < 0.1  # injected errors, repeats, and members of invalid households


def _age(born: pl.Expr, on: pl.Expr) -> pl.Expr:
    """Whole years from `born` to `on`."""
    return on.dt.year() - born.dt.year() - (on.dt.strftime("%m%d") < born.dt.strftime("%m%d")).cast(pl.Int32)


def test_generated_members_match_their_households(db) -> None:  # type: ignore[no-untyped-def]
    clean, _rng = clean_households(households=400, seed=4, first_id=0)
    members = generate_members(clean, seed=4, duplicates=0, errors=0, repeated_persons=0.01)
    typed = members.with_columns(
        pl.col("birth_date").str.replace_many(EASTERN_DIGITS, WESTERN_DIGITS),
        pl.col("member_no").str.replace_many(EASTERN_DIGITS, WESTERN_DIGITS).cast(pl.Int64),
    ).with_columns(parsed_date("birth_date").alias("born"), parsed_date("declared_on").alias("declared"))
    assert typed["born"].null_count() == 0
    typed = typed.with_columns(_age(pl.col("born"), pl.col("declared")).alias("age"))
    per_household = typed.group_by("household_id").agg(
        pl.len().alias("members"), pl.col("member_no").n_unique().alias("numbers"),
        (pl.col("relation") == "head").sum().alias("heads"),
        pl.col("sex").filter(pl.col("relation") == "head").first().alias("sex"),
        pl.col("age").filter(pl.col("relation") == "head").first().alias("age"),
        (pl.col("age") < 15).sum().alias("children"), (pl.col("age") > 60).sum().alias("elderly"),
        (pl.col("disability") == "1").sum().alias("disabled"),
    ).join(clean, on="household_id")  # fmt: skip
    assert per_household.height == clean.height
    for ours, theirs in [("members", "size"), ("numbers", "size"), ("sex", "head_sex"), ("age", "head_age"),
                         ("children", "children_under_15"), ("elderly", "elderly_over_60"),
                         ("disabled", "members_with_disability")]:  # fmt: skip
        assert per_household.filter(pl.col(ours) != pl.col(theirs)).height == 0, ours
    assert (per_household["heads"] == 1).all()
    for identifier in ("civil_register_id", "cin"):
        given = members.filter(pl.col(identifier) != "")[identifier]
        assert given.n_unique() == given.len() > members.height / 2
    assert members.filter(pl.col("cin") != "")["cin"].str.contains(r"^[A-Z]{2}[0-9]{1,6}$").all()
    identity = ["first_name_ar", "last_name_ar", "sex", "born"]
    repeated = typed.group_by(identity).agg(pl.col("household_id").n_unique().alias("households"))
    assert repeated.filter(pl.col("households") > 1).height >= members.height // 200  # for record linkage
    assert generate(households=400, seed=4).height == 408  # the households file is as before


def test_a_merge_carries_the_registry_member_to_the_kept_person(households, personas) -> None:  # type: ignore[no-untyped-def]
    from jisr.people.services import person_merge, person_unmerge

    import_members(MEMBERS, update=False)
    registered = _imported("RSU03000000000", 4)
    at_center = Person.objects.create(first_name_latin="Salma", last_name_latin="Alaoui", sex="F",
                                      birth_date=registered.birth_date, registered_at=personas.center_a)  # fmt: skip
    merge = person_merge(acting_user=personas.national, keep=at_center, absorb=registered, reason="same person")
    assert RegistryMember.objects.get(household_id="RSU03000000000", member_no=4).person == at_center
    at_center.refresh_from_db()
    assert at_center.civil_register_id == "1032547784"  # taken over with the rest
    person_unmerge(acting_user=personas.national, merge=merge)
    assert RegistryMember.objects.get(household_id="RSU03000000000", member_no=4).person == registered


def test_households_stay_as_they_were_when_members_are_imported(households) -> None:  # type: ignore[no-untyped-def]
    before = list(RegistryHousehold.objects.order_by("pk").values())
    import_members(MEMBERS, update=False)
    assert list(RegistryHousehold.objects.order_by("pk").values()) == before
