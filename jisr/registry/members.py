"""Bulk import of registry household members from CSV or XLSX (format: docs/registry-import.md).

Each member is a person of the beneficiary index: the import writes a `people.Person` (identity, commune
of the household, match keys computed by `jisr.people.names` exactly as intake does — once per distinct
spelling, since names repeat a lot) and its `RegistryMember` row together, in the same transaction.

As for households (`jisr/registry/importing/`, whose reading, cells and error rows this reuses): the file is read in
batches of strings, normalized and validated with vectorized Polars rules, each failing cell giving one
error (line, column, value, message in the user's language). What needs the whole file — a member or an
identifier repeated on a later line, a second head, a household whose members are all there but none is
its head — is computed first on the key columns. Valid rows are written in chunks, each in its own
transaction: what needs the database (a member already registered, an identifier that belongs to another
person, a head already registered) is checked inside that transaction, so a chunk is written whole or not
at all and a person never exists without its member row. Members are keyed on (household id, member
number): re-importing a file changes nothing; an existing member is refused, or updated with `update`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.core.intake import FORMULA_MESSAGE, FORMULA_PATTERN
from jisr.people.models import Person, Vulnerability, cin_validator
from jisr.people.names import person_keys
from jisr.people.selectors import CIN_PATTERN, normalize_phone
from jisr.people.services import MAX_AGE
from jisr.registry import bulk
from jisr.registry.importing.format import FALSE, MEMBER_COLUMNS, TRUE
from jisr.registry.importing.outcome import Outcome, gathered, invalid_rows
from jisr.registry.importing.reading import ImportFileError, table_of
from jisr.registry.importing.validation import cell, errors_of, length_rules, parsed_date
from jisr.registry.models import RegistryHousehold, RegistryMember

if TYPE_CHECKING:
    from jisr.accounts.models import User

CHUNK = 10_000  # members (and as many persons) per transaction
BATCH = 200_000  # rows read and validated at a time
REQUIRED = ["household_id", "member_no", "relation", "sex", "birth_date", "schooling", "occupation", "disability",
            "declared_on", "source"]  # fmt: skip
NAMES = ["first_name_ar", "last_name_ar", "first_name_latin", "last_name_latin"]
KEYS = [
    "name_ar_key",
    "name_latin_key",
    "name_phonetic_key",
    "name_phonetic_key_reversed",
    "first_name_phonetic_key",
    "last_name_phonetic_key",
]
MAX_MEMBER_NO = 30  # as the household size
HEAD_MIN_AGE = 12  # as the household's head_age
CHOICES = {
    "relation": Person.Relation.values, "sex": Person.Sex.values, "schooling": RegistryMember.Schooling.values,
    "occupation": RegistryMember.Occupation.values,
}  # fmt: skip
ARABIC_LETTER = f"[{chr(0x0600)}-{chr(0x06FF)}]"
HEAD = Person.Relation.HEAD.value
# What a member row changes on its person, and on itself (compared to tell "updated" from "unchanged").
PERSON_COMPARED = [*NAMES, "sex", "birth_date", "cin", "civil_register_id", "phone", "commune_id", "relation_to_head"]
MEMBER_COMPARED = ["relation_to_head", "schooling", "occupation", "disability", "disability_type", "declared_on",
                   "verified_on", "source"]  # fmt: skip


def _text(name: str) -> pl.Expr:
    """A cell as the rules see it: trimmed, Western digits; names single-spaced; a CIN without spaces."""
    text = cell(name)
    if name in NAMES:
        text = text.str.replace_all(r"\s+", " ")
    elif name == "cin":
        text = text.str.replace_all(r"\s+", "").str.to_uppercase()
    return text.alias(name)


def _complete(lazy: pl.LazyFrame) -> pl.LazyFrame:
    """The frame with every column of the format (optional ones missing from the file are empty)."""
    present = lazy.collect_schema().names()
    missing = [name for name in REQUIRED if name not in present]
    if missing:
        raise ImportFileError(_("Columns missing from the file: %(columns)s.") % {"columns": ", ".join(missing)})
    return lazy.with_columns(pl.lit("").alias(name) for name in MEMBER_COLUMNS if name not in present)


def _file_flags(keys: pl.DataFrame) -> pl.DataFrame:
    """Per line, what only the whole file tells: repeats of a member or an identifier, extra heads."""
    member = pl.col("member_no").cast(pl.Int64, strict=False)
    is_head = pl.col("relation") == HEAD
    return keys.select(
        pl.struct("household_id", member).is_first_distinct().alias("key__first"),
        *[((pl.col(name) == "") | pl.col(name).is_first_distinct()).alias(f"{name}__first")
          for name in ("civil_register_id", "cin")],
        (is_head & ~pl.struct("household_id", is_head).is_first_distinct()).alias("head__extra"),
        is_head.sum().over("household_id").alias("household__heads"),
        member.n_unique().over("household_id").alias("household__rows"),
    )  # fmt: skip


def _households(ids: list[str]) -> pl.DataFrame:
    """The registry households of these ids: where they are, and their size."""
    rows: list[tuple[Any, ...]] = []
    for start in range(0, len(ids), 10_000):
        rows += RegistryHousehold.objects.filter(household_id__in=ids[start : start + 10_000]).values_list(
            "household_id", "commune_id", "province_code", "region_code", "size"
        )
    return pl.DataFrame(rows, orient="row", schema={"household_id": pl.String, "commune_id_": pl.String,
                        "province_code_": pl.String, "region_code_": pl.String, "size_": pl.Int64})  # fmt: skip


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _typed(frame: pl.DataFrame, flags: pl.DataFrame, households: pl.DataFrame) -> pl.DataFrame:
    """The parsed value of every column beside its text (null where it cannot be parsed)."""
    phones = {phone: normalize_phone(phone) for phone in frame["phone"].unique().to_list() if phone}
    blank = pl.all_horizontal([pl.col(name) == "" for name in MEMBER_COLUMNS])  # skipped, not an error
    return (
        frame.hstack(flags)
        .filter(~blank)
        .with_columns(
            pl.col("member_no").cast(pl.Int64, strict=False).alias("member_no__v"),
            pl.col("disability").str.to_lowercase().is_in(TRUE).alias("disability__true"),
            pl.col("disability").str.to_lowercase().is_in(TRUE + FALSE).alias("disability__ok"),
            pl.col("phone").replace(phones).alias("phone__v"),
            *[parsed_date(name).alias(f"{name}__v") for name in ("birth_date", "declared_on", "verified_on")],
        )
        .join(households, on="household_id", how="left", maintain_order="left")
    )


def _rules(today: datetime.date) -> list[tuple[str, pl.Expr, str]]:
    """(column, condition that is true on an invalid cell, message) — messages in the user's language."""
    text_date = _("Write the date as dd/mm/yyyy or yyyy-mm-dd.")
    repeated = _("This identifier is already on an earlier line of the file.")
    member_no = pl.col("member_no__v")
    birth = pl.col("birth_date__v")
    has_first = (pl.col("first_name_ar") != "") | (pl.col("first_name_latin") != "")
    has_last = (pl.col("last_name_ar") != "") | (pl.col("last_name_latin") != "")
    rules: list[tuple[str, pl.Expr, str]] = [
        ("household_id", pl.col("household_id") == "", _("The household id is required.")),
        ("household_id", (pl.col("household_id") != "") & pl.col("commune_id_").is_null(),
         _("No household with this id in the registry: import the households first.")),
        ("member_no", member_no.is_null() | (member_no < 1) | (member_no > MAX_MEMBER_NO),
         _("A whole number between %(low)d and %(high)d.") % {"low": 1, "high": MAX_MEMBER_NO}),
        ("member_no", member_no.is_not_null() & ~pl.col("key__first"),
         _("This member of this household is already on an earlier line of the file.")),
        ("relation", pl.col("head__extra"), _("This household already has a head on an earlier line of the file.")),
        ("relation", (pl.col("household__heads") == 0) & (pl.col("household__rows") >= pl.col("size_")),
         _("Every member of this household is in the file, but none is its head.")),
        ("first_name_ar", ~(has_first & has_last),
         _("Enter the first name and the family name, in Arabic or in Latin script.")),
        ("birth_date", birth.is_null(), text_date),
        ("birth_date", birth > today, _("The date cannot be in the future.")),
        ("birth_date", birth.dt.year() < today.year - MAX_AGE,
         _("The date of birth is more than %(max)d years ago.") % {"max": MAX_AGE}),
        ("birth_date", (pl.col("relation") == HEAD) & (birth > _years_before(today, HEAD_MIN_AGE)),
         _("The head of a household is at least %(age)d years old.") % {"age": HEAD_MIN_AGE}),
        ("civil_register_id", ~pl.col("civil_register_id__first"), repeated),
        ("cin", (pl.col("cin") != "") & ~pl.col("cin").str.contains(CIN_PATTERN.pattern), str(cin_validator.message)),
        ("cin", ~pl.col("cin__first"), repeated),
        ("phone", (pl.col("phone__v") != "") & ~pl.col("phone__v").str.starts_with("+")
         & (pl.col("phone__v").str.len_chars() < 6),
         _("Enter a phone number such as 06 12 34 56 78 or +212 6 12 34 56 78.")),
        ("disability", ~pl.col("disability__ok"), _("Write 1 (yes) or 0 (no).")),
        ("disability_type", (pl.col("disability_type") != "")
         & ~pl.col("disability_type").is_in(Vulnerability.DisabilityType.values),
         _("Not one of the allowed values: %(values)s.") % {"values": ", ".join(Vulnerability.DisabilityType.values)}),
        ("disability_type", (pl.col("disability_type") != "") & ~pl.col("disability__true"),
         _("A type of disability is given only for a member with a disability.")),
        ("declared_on", pl.col("declared_on__v").is_null(), text_date),
        ("declared_on", pl.col("declared_on__v") > today, _("The date cannot be in the future.")),
        ("verified_on", (pl.col("verified_on") != "") & pl.col("verified_on__v").is_null(), text_date),
        ("source", pl.col("source") == "", _("Say where the data comes from.")),
    ]  # fmt: skip
    for name in ("first_name_ar", "last_name_ar"):
        rules.append((name, (pl.col(name) != "") & ~pl.col(name).str.contains(ARABIC_LETTER),
                      _("Write this name in Arabic script.")))  # fmt: skip
    for name in ("first_name_latin", "last_name_latin"):
        rules.append((name, pl.col(name).str.contains(ARABIC_LETTER), _("Write this name in Latin script.")))
    # Lengths from the models: the member's own columns, then its person's.
    rules += length_rules(RegistryMember, ["household_id", "source"])
    rules += length_rules(Person, [*NAMES, "civil_register_id", "cin", "phone"])
    for name in ("household_id", "civil_register_id", "cin"):  # member_no is a number: its own rule
        rules.append((name, pl.col(name).str.contains(FORMULA_PATTERN), str(FORMULA_MESSAGE)))
    for name, allowed in CHOICES.items():
        rules.append((name, ~pl.col(name).is_in(allowed),
                      _("Not one of the allowed values: %(values)s.") % {"values": ", ".join(allowed)}))  # fmt: skip
    return rules


def validate(
    frame: pl.DataFrame, today: datetime.date | None = None, *, flags: pl.DataFrame | None = None,
    households: pl.DataFrame | None = None, first_line: int = 2,
) -> tuple[pl.DataFrame, pl.DataFrame]:  # fmt: skip
    """(the valid rows, typed; the errors: line, column, value, message), from a frame of strings.

    `flags` are the whole-file flags of these rows (`_file_flags`; a file is validated batch by batch);
    `households` the registry households they name (both computed from `frame` when not given)."""
    today = today or timezone.localdate()
    frame = _complete(frame.lazy()).collect()
    normalized = frame.select(
        pl.int_range(first_line, first_line + frame.height).alias("_line"), *[_text(name) for name in MEMBER_COLUMNS]
    )
    flags = _file_flags(normalized) if flags is None else flags
    if households is None:
        households = _households(normalized["household_id"].unique().to_list())
    typed = _typed(normalized, flags, households)
    errors = errors_of(typed, _rules(today))
    return typed.filter(~pl.col("_line").is_in(errors["line"].unique().implode())), errors


def _with_keys(valid: pl.DataFrame, cache: dict[tuple[str, ...], tuple[str, ...]]) -> pl.DataFrame:
    """The rows with their persons' match keys, computed by `jisr.people.names` once per distinct spelling."""
    spellings = valid.select(NAMES).unique()
    for row in spellings.iter_rows():
        if row not in cache:
            keys = person_keys(first_ar=row[0], last_ar=row[1], first_latin=row[2], last_latin=row[3])
            cache[row] = tuple(keys[name] for name in KEYS)
    table = pl.DataFrame([(*row, *cache[row]) for row in spellings.iter_rows()],
                         schema=dict.fromkeys(NAMES + KEYS, pl.String), orient="row")  # fmt: skip
    return valid.join(table, on=NAMES, how="left", maintain_order="left")


def import_members(
    path: Path, *, update: bool, progress: Callable[[int, int], bool] | None = None, created_by: User | None = None,
) -> tuple[Outcome, pl.DataFrame, pl.DataFrame]:  # fmt: skip
    """Import a members file batch by batch; `progress(done, total)` is called between chunks and returns
    False to cancel. The persons created are `created_by` this user, registered at no center.

    Returns the outcome, the errors, and the invalid rows as read (for the correction file)."""
    with table_of(path) as (lazy, encoding):
        lazy = _complete(lazy)
        keys = lazy.select(_text(name) for name in ("household_id", "member_no", "relation", "civil_register_id",
                                                     "cin")).collect()  # fmt: skip
        flags = _file_flags(keys)
        households = _households(keys["household_id"].unique().to_list())
        file_members = keys.select("household_id", pl.col("member_no").cast(pl.Int64, strict=False).alias(
            "member_no__v")).unique()  # fmt: skip
        total = keys.height
        outcome = Outcome(encoding=encoding, rows=total)
        errors_parts: list[pl.DataFrame] = []
        invalid_parts: list[pl.DataFrame] = []
        writer = _Writer(update=update, created_by=created_by, file_members=file_members)
        cache: dict[tuple[str, ...], tuple[str, ...]] = {}
        for offset in range(0, total, BATCH):
            batch = lazy.slice(offset, BATCH).collect()
            valid, errors = validate(batch, flags=flags.slice(offset, batch.height), households=households,
                                     first_line=offset + 2)  # fmt: skip
            outcome.rows -= batch.height - valid.height - errors["line"].n_unique()  # blank lines are not rows

            def report(rows: int, base: int = offset) -> bool:
                return progress(base + rows, total) if progress else True

            cancelled, written_errors = writer.write(_with_keys(valid, cache), outcome, report)
            errors = pl.concat([errors, written_errors]).sort(["line", "column"])
            bad_lines = errors["line"].unique()
            outcome.invalid += bad_lines.len()
            errors_parts.append(errors)
            invalid_parts.append(invalid_rows(batch, offset, bad_lines))
            if cancelled:
                outcome.cancelled = True
                break
    return gathered(outcome, errors_parts, invalid_parts)


class _Writer:
    """Writes valid member rows chunk by chunk, each chunk in its own transaction."""

    def __init__(self, *, update: bool, created_by: User | None, file_members: pl.DataFrame) -> None:
        self.update = update
        self.created_by_id = created_by.pk if created_by is not None else None
        self.file_members = file_members
        self.now = timezone.now()

    def write(
        self, valid: pl.DataFrame, outcome: Outcome, progress: Callable[[int], bool]
    ) -> tuple[bool, pl.DataFrame]:
        """(cancelled, the rows refused by the database checks as errors)."""
        errors: list[pl.DataFrame] = [_no_errors()]
        for start in range(0, valid.height, CHUNK):
            errors.append(self._chunk(valid.slice(start, CHUNK), outcome))
            if not progress(start + min(CHUNK, valid.height - start)):
                return True, pl.concat(errors)
        return False, pl.concat(errors)

    def _chunk(self, chunk: pl.DataFrame, outcome: Outcome) -> pl.DataFrame:
        """Write the chunk in one transaction, checked again inside it; if it still collides with a
        concurrent write (a unique identifier taken meanwhile), retry once, then row by row."""
        for _attempt in range(2):
            try:
                with transaction.atomic():
                    counts, errors = self._write(chunk)
            except IntegrityError:
                continue
            self._count(outcome, counts)
            return errors
        parts = []
        for index in range(chunk.height):
            row = chunk.slice(index, 1)
            try:
                with transaction.atomic():
                    counts, errors = self._write(row)
            except IntegrityError:
                errors = row.select(pl.col("_line").alias("line"), pl.lit("member_no").alias("column"),
                                    pl.col("member_no").alias("value"), pl.lit(_(
                                        "This row collides with data written at the same time: import it again."
                                    )).alias("message"))  # fmt: skip
                counts = {}
            self._count(outcome, counts)
            parts.append(errors)
        return pl.concat(parts)

    @staticmethod
    def _count(outcome: Outcome, counts: dict[str, int]) -> None:
        for name, count in counts.items():
            setattr(outcome, name, getattr(outcome, name) + count)

    def _write(self, chunk: pl.DataFrame) -> tuple[dict[str, int], pl.DataFrame]:
        rows = _target(chunk).join(_registered(chunk), on=["household_id", "member_no__v"], how="left",
                                   maintain_order="left")  # fmt: skip
        known = pl.col("o__member_id").is_not_null()
        # an empty identifier cell never erases what the index already holds
        rows = rows.with_columns(
            *[pl.coalesce(f"p__{name}", f"o__p__{name}").alias(f"p__{name}") for name in ("cin", "civil_register_id")],
            pl.when(pl.col("p__phone") == "").then(pl.col("o__p__phone")).otherwise(pl.col("p__phone"))
            .fill_null("").alias("p__phone"),
        )  # fmt: skip
        changed = pl.any_horizontal(
            *[pl.col(f"p__{name}").ne_missing(pl.col(f"o__p__{name}")) for name in PERSON_COMPARED],
            *[pl.col(f"m__{name}").ne_missing(pl.col(f"o__m__{name}")) for name in MEMBER_COMPARED],
        )
        counts = {"refused": 0, "unchanged": 0}
        if self.update:
            counts["unchanged"] = rows.filter(known & ~changed).height
            rows = rows.filter(~known | changed)
        else:
            counts["refused"] = rows.filter(known).height
            rows = rows.filter(~known)
        rows, errors = self._checked(rows)
        new, changed_rows = (
            rows.filter(pl.col("o__member_id").is_null()),
            rows.filter(pl.col("o__member_id").is_not_null()),
        )
        self._insert(new)
        self._update(changed_rows)
        return {**counts, "created": new.height, "updated": changed_rows.height}, errors

    def _checked(self, rows: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
        """The rows the database accepts, and errors for the others: an identifier that belongs to another
        person of the index, a head while the household already has another one."""
        person = pl.col("o__person_id")
        owners = {name: _owners(name, rows[f"p__{name}"].drop_nulls().unique().to_list())
                  for name in ("civil_register_id", "cin")}  # fmt: skip
        heads = _heads(rows["household_id"].unique().to_list())
        if self.update:  # the file may declare the registered head otherwise: only the database can tell then
            heads = heads.join(self.file_members.rename({"member_no__v": "head_no"}), on=["household_id", "head_no"],
                               how="anti")  # fmt: skip
        checked = (
            rows.join(owners["civil_register_id"], left_on="p__civil_register_id", right_on="value", how="left",
                      maintain_order="left").rename({"owner": "civil_owner"})
            .join(owners["cin"], left_on="p__cin", right_on="value", how="left", maintain_order="left")
            .rename({"owner": "cin_owner"})
            .join(heads, on="household_id", how="left", maintain_order="left")
        )  # fmt: skip
        rules = [
            ("civil_register_id", pl.col("civil_owner").is_not_null() & pl.col("civil_owner").ne_missing(person),
             _("Another person of the index already has this identifier.")),
            ("cin", pl.col("cin_owner").is_not_null() & pl.col("cin_owner").ne_missing(person),
             _("Another person of the index already has this CIN.")),
            ("relation", (pl.col("m__relation_to_head") == HEAD) & pl.col("head_no").is_not_null()
             & (pl.col("head_no") != pl.col("member_no__v")),
             _("This household already has a head in the registry, under another member number.")),
        ]  # fmt: skip
        errors = errors_of(checked, rules)
        return rows.filter(~pl.col("_line").is_in(errors["line"].implode())), errors

    def _insert(self, new: pl.DataFrame) -> None:
        if not new.height:
            return
        persons = bulk.new_ids(new.height)
        person_values: dict[str, Any] = {
            name: new[f"p__{name}"].to_list() for name in [*PERSON_COMPARED, "province_id", "region_code", *KEYS]
        }
        bulk.insert_rows(Person, new.height, {**person_values, "id": persons, "created_by_id": self.created_by_id,
                                          "created_at": self.now, "updated_at": self.now})  # fmt: skip
        member_values = {name: new[f"m__{name}"].to_list() for name in MEMBER_COMPARED}
        bulk.insert_rows(RegistryMember, new.height, {
            **member_values, "id": bulk.new_ids(new.height), "person_id": persons,
            "household_id": new["household_id"].to_list(), "member_no": new["member_no__v"].to_list(),
            "imported_at": self.now})  # fmt: skip

    def _update(self, changed: pl.DataFrame) -> None:
        if not changed.height:
            return
        person_values = {name: changed[f"p__{name}"].to_list()
                         for name in [*PERSON_COMPARED, "province_id", "region_code", *KEYS]}  # fmt: skip
        bulk.update_rows(Person, changed["o__person_id"].to_list(),
                     {**person_values, "birth_date_is_estimated": False, "updated_at": self.now})  # fmt: skip
        member_values = {name: changed[f"m__{name}"].to_list() for name in MEMBER_COMPARED}
        bulk.update_rows(RegistryMember, changed["o__member_id"].to_list(), {**member_values, "imported_at": self.now})


def _no_errors() -> pl.DataFrame:
    return pl.DataFrame(schema={"line": pl.Int64, "column": pl.String, "value": pl.String, "message": pl.String})


def _target(chunk: pl.DataFrame) -> pl.DataFrame:
    """What each row writes: `p__…` on its person, `m__…` on its member row (model attribute names)."""
    return chunk.select(
        "_line", "household_id", "member_no__v", "member_no", "relation", "cin", "civil_register_id",
        *[pl.col(name).alias(f"p__{name}") for name in [*NAMES, "sex"]],
        pl.col("birth_date__v").alias("p__birth_date"),
        *[pl.when(pl.col(name) == "").then(None).otherwise(pl.col(name)).alias(f"p__{name}")
          for name in ("cin", "civil_register_id")],
        pl.col("phone__v").alias("p__phone"),
        pl.col("commune_id_").alias("p__commune_id"), pl.col("province_code_").alias("p__province_id"),
        pl.col("region_code_").alias("p__region_code"), pl.col("relation").alias("p__relation_to_head"),
        *[pl.col(name).alias(f"p__{name}") for name in KEYS],
        pl.col("relation").alias("m__relation_to_head"), pl.col("schooling").alias("m__schooling"),
        pl.col("occupation").alias("m__occupation"), pl.col("disability__true").alias("m__disability"),
        pl.col("disability_type").alias("m__disability_type"), pl.col("declared_on__v").alias("m__declared_on"),
        pl.col("verified_on__v").alias("m__verified_on"), pl.col("source").alias("m__source"),
    )  # fmt: skip


def _registered(chunk: pl.DataFrame) -> pl.DataFrame:
    """The members already registered in the chunk's households, with their persons (`o__…`)."""
    person_fields = [bulk.field_of(Person, name).name for name in PERSON_COMPARED]
    rows = RegistryMember.objects.filter(household_id__in=chunk["household_id"].unique().to_list()).values_list(
        "household_id", "member_no", "id", "person_id", *[f"person__{name}" for name in person_fields],
        *MEMBER_COMPARED,
    )  # fmt: skip
    schema = {
        "household_id": pl.String, "member_no__v": pl.Int64, "o__member_id": pl.String, "o__person_id": pl.String,
        **{f"o__p__{name}": pl.Date if name == "birth_date" else pl.String for name in PERSON_COMPARED},
        **{f"o__m__{name}": pl.Date if name.endswith("_on") else pl.Boolean if name == "disability" else pl.String
           for name in MEMBER_COMPARED},
    }  # fmt: skip
    return pl.DataFrame([(h, n, str(m), str(p), *rest) for h, n, m, p, *rest in rows], schema=schema, orient="row")


def _owners(field: str, values: list[str]) -> pl.DataFrame:
    """Which person holds each of these identifiers (CIN or national register id)."""
    rows: Any = []
    if values and connection.vendor == "postgresql":  # one array parameter, not an IN list of 10,000
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {field}, id FROM {Person._meta.db_table} WHERE {field} = ANY(%s)", [values])  # noqa: S608
            rows = cursor.fetchall()
    elif values:
        rows = Person.objects.filter(**{f"{field}__in": values}).values_list(field, "pk")
    return pl.DataFrame([(value, str(pk)) for value, pk in rows], schema={"value": pl.String, "owner": pl.String},
                        orient="row")  # fmt: skip


def _heads(household_ids: list[str]) -> pl.DataFrame:
    """The member number of each household's registered head."""
    rows = RegistryMember.objects.filter(household_id__in=household_ids, relation_to_head=HEAD).values_list(
        "household_id", "member_no"
    )
    return pl.DataFrame(list(rows), schema={"household_id": pl.String, "head_no": pl.Int64}, orient="row").unique(
        "household_id", keep="first"
    )
