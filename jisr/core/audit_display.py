"""How the audit log shows its entries to a reader who does not know the database.

An entry stores an object type (`cases.case`), an id, a name written at the time, and changes as
`{key: [old, new]}` (or `{key: value}`). This module turns them into what the forms show: the model's
name and the field labels in the reader's language, choices by their label, dates day/month/year,
yes/no, a related record by its name, numbers for the `number` filter — and a link to the object
when the reader may open it.

Each app registers, in its AppConfig.ready(), how its models appear (`register(AuditedModel(...))`):
the page of a record (`url`), the records the reader may see (`visible`, the app's list selector),
the record's display name, and the keys of its changes that are not fields (`keys`) or must never
be shown (`confidential`). Core imports no app: records are typed `Any` here.

Personal data, two rules:

- a record is *personal* when a personal-data provider covers its model (`jisr.core.personal_data`),
  unless its registration says otherwise. Its changed values are shown only while the reader may see
  the record (its `visible` selector) and its person is still identifiable (`identifiable`, false once
  anonymized); otherwise each change reads "changed", without the values;
- a *personal name* (a person's name) is never stored in the log (`stored_name`); it is resolved when
  the log is read, under the same two conditions. An anonymized person's former name never shows.

Encrypted fields (`EncryptedTextField`) and the keys an app declares confidential (a listening note,
the nature of a vulnerability) are always shown as "changed".

Names are resolved in batches: one query per model on a page (two when some of its records are
outside the reader's scope or gone), never one per entry.
"""

from __future__ import annotations

import datetime
import decimal
import functools
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Model, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from jisr.core.crypto import EncryptedTextField
from jisr.core.models import AuditLog
from jisr.core.templatetags.bidi import number as number_html

# Day first, as every page writes dates (strftime: a page or an export formats thousands of values).
_DAY = "%d/%m/%Y"
_MOMENT = "%d/%m/%Y %H:%M"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}")

Visible = Callable[[Any], QuerySet[Any]]


@dataclass(frozen=True)
class Key:
    """A key of an entry's changes that is not a field of the model, or a field shown another way."""

    label: str | Promise
    refers_to: type[Model] | None = None  # the values are ids of this model: shown by the record's name
    choices: Sequence[tuple[Any, Any]] = ()  # the values are these codes: shown by their label
    confidential: bool = False  # shown as "changed", never its values
    render: Callable[[Any], str] | None = None  # each value (each item of a list) as text, when none of the above fits


@dataclass(frozen=True)
class AuditedModel:
    """How the audit log shows one model's records (see the module docstring)."""

    model: type[Model]
    url: Callable[[Any], str] | None = None  # the record's page
    visible: Visible | None = None  # the records `user` may see (a selector); no link without it
    name: Callable[[Any], str] = str  # the display name, in the reader's language
    personal: bool | None = None  # None: personal when a personal-data provider covers the model
    name_is_personal: bool | None = None  # None: as `personal` (a case reference is not a name)
    identifiable: Callable[[Any], bool] | None = None  # False once the person is anonymized
    related: tuple[str, ...] = ()  # select_related for name, url and identifiable
    defer: tuple[str, ...] = ()  # heavy fields the name never needs (a stored file)
    keys: Mapping[str, Key] = field(default_factory=dict)
    confidential: frozenset[str] = frozenset()  # fields or keys shown as "changed" only
    label: str | Promise | None = None  # the type's name when the model's verbose name will not do

    @property
    def is_personal(self) -> bool:
        if self.personal is not None:
            return self.personal
        from jisr.core import personal_data  # personal_data imports audit, which imports this module

        return self.model in personal_data.covered_models()

    @property
    def has_personal_name(self) -> bool:
        return self.is_personal if self.name_is_personal is None else self.name_is_personal


_registry: dict[type[Model], AuditedModel] = {}
_other_types: dict[str, str | Promise] = {}

# Keys several apps write that are not fields of their models.
COMMON_KEYS: dict[str, Key] = {
    "reason": Key(_("reason")),
    "note": Key(_("note")),
    "rows": Key(_("rows")),
    "filters": Key(_("filters")),
    "format": Key(_("file format")),
    "files": Key(_("files")),
    "retention_days": Key(_("kept for (days)")),
    "version": Key(_("version")),
    "step": Key(_("step")),
    "channel": Key(_("channel")),
}


def _cap(label: Any) -> str:
    """A label as a heading of its value: translated now, first letter capital."""
    return capfirst(str(label))


def register(entry: AuditedModel) -> None:
    """Say how the audit log shows `entry.model` (or replace what was said)."""
    _registry[entry.model] = entry


def register_type(object_type: str, label: str | Promise) -> None:
    """Name an object type that is not a model (`registry.file`: files left by no import)."""
    _other_types[object_type] = label


def page(url_name: str, attribute: str = "pk") -> Callable[[Any], str]:
    """A `url` for `AuditedModel`: the page `url_name` of the record, or of the record it belongs to
    (`page("cases:detail", "case_id")`)."""

    def url(obj: Any) -> str:
        return reverse(url_name, args=[getattr(obj, attribute)])

    return url


def through(model: type[Model], lookup: str, selector: Visible) -> Visible:
    """A `visible` for a record seen where its parent is: `through(Assessment, "case", visible_cases)`."""

    def visible(user: Any) -> QuerySet[Any]:
        return model._default_manager.filter(**{f"{lookup}__in": selector(user).values("pk")})

    return visible


def entry_for(model: type[Model]) -> AuditedModel:
    """The registration of `model`, or the default one (no link, personal as its data provider says)."""
    return _registry.get(model) or AuditedModel(model=model)


def registered_models() -> list[type[Model]]:
    return list(_registry)


def model_of(object_type: str) -> type[Model] | None:
    """The model an entry's `object_type` ("app_label.model") names, or None (not a model)."""
    app_label, _dot, model_name = object_type.partition(".")
    if not model_name:
        return None
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def type_label(object_type: str) -> str:
    """The object type in the reader's language: the model's verbose name."""
    model = model_of(object_type)
    if model is not None:
        registered = _registry.get(model)
        label = registered.label if registered is not None and registered.label else model._meta.verbose_name
        return _cap(label)
    label = _other_types.get(object_type)
    return _cap(label) if label is not None else object_type


def object_types() -> list[tuple[str, str]]:
    """Every registered object type with its label in the reader's language, sorted by label."""
    types = {model._meta.label_lower for model in _registry} | set(_other_types)
    return sorted(((value, type_label(value)) for value in types), key=lambda choice: choice[1].casefold())


def stored_name(obj: Model) -> str:
    """The name the log keeps of `obj` when it is written: none for a personal name."""
    if entry_for(type(obj)).has_personal_name:
        return ""
    return str(obj)[:255]


def parse_object_id(model: type[Model], raw: str) -> Any:
    """`raw` as a primary key of `model`; ValidationError when it cannot be one."""
    pk_field = model._meta.pk
    if pk_field is None:
        raise ValidationError("no primary key")
    try:
        value = pk_field.to_python(raw)
    except (ValidationError, ValueError, TypeError) as error:
        raise ValidationError("not a primary key") from error
    if value is None or value == "":
        raise ValidationError("not a primary key")
    return value


# --- What a page shows -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownValue:
    """A value as the forms show it: `text`, or `number` for the `number` filter."""

    text: str
    number: int | float | decimal.Decimal | None = None

    def __str__(self) -> str:
        return self.text

    @property
    def html(self) -> SafeString:
        """The value in a page: a number grouped in the page's language and kept left to right, text in
        its own direction."""
        if self.number is not None:
            shown: SafeString = number_html(self.number, self.places)
            return shown
        return format_html('<span dir="auto">{}</span>', self.text)

    @property
    def places(self) -> int:
        """The decimal places the number is shown with: as stored (2 for an amount), none for a whole number."""
        if isinstance(self.number, decimal.Decimal):
            exponent = self.number.as_tuple().exponent
            return -exponent if isinstance(exponent, int) and exponent < 0 else 0
        if isinstance(self.number, float) and not self.number.is_integer():
            return 2
        return 0


EMPTY = ShownValue("—")
# What a confidential value, or any value the reader may not read, shows instead of itself.
CHANGED = pgettext_lazy("audit log: a value not shown", "changed")


@dataclass(frozen=True)
class ShownChange:
    """One line of an entry's changes: a label, and old → new, one value, or only "changed"."""

    label: str
    kind: str  # "change" (old → new), "set" (items removed and added), "value" or "hidden"
    old: ShownValue | None = None  # for "set": the items removed
    new: ShownValue | None = None  # for "set": the items added

    @property
    def text(self) -> str:
        if self.kind == "hidden":
            return f"{self.label}: {CHANGED}"
        if self.kind == "change":
            return f"{self.label}: {self.old} → {self.new}"
        if self.kind == "set":
            parts = [f"{pgettext('audit log: items of a list', 'removed')} {self.old}" if self.old else "",
                     f"{pgettext('audit log: items of a list', 'added')} {self.new}" if self.new else ""]  # fmt: skip
            return f"{self.label}: {'; '.join(part for part in parts if part)}"
        return f"{self.label}: {self.new}"


@dataclass(frozen=True)
class ShownEntry:
    """An audit entry as the log page and its export show it."""

    entry: Any  # the AuditLog row
    actor: str
    action: str
    type_label: str
    name: str  # the object's name, or "" when it is not shown
    state: str  # "", "deleted", "anonymized" or "hidden" (outside the reader's scope)
    url: str  # the object's page when the reader may open it, else ""
    changes: list[ShownChange]

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS.get(self.state, ""))

    @property
    def changes_text(self) -> str:
        return "; ".join(change.text for change in self.changes)


STATE_LABELS: dict[str, str | Promise] = {
    "deleted": pgettext_lazy("audit log: the record", "deleted"),
    "anonymized": pgettext_lazy("audit log: the record", "anonymized"),
    "hidden": pgettext_lazy("audit log: the record", "outside your scope"),
}


@dataclass
class _Record:
    """A resolved record: the object (None when gone) and whether the reader may see it."""

    obj: Model | None
    visible: bool
    identifiable: bool


class _Resolver:
    """The records an entry names, fetched once per model for a whole page."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.wanted: dict[type[Model], set[Any]] = {}
        self.found: dict[tuple[type[Model], Any], _Record] = {}
        self._personal: dict[type[Model], tuple[bool, bool]] = {}

    def want(self, model: type[Model], raw: Any) -> Any:
        """Ask for the record `raw` (an id as stored) of `model`; its parsed key, or None."""
        if raw is None or raw == "" or isinstance(raw, (dict, list, bool)):
            return None
        try:
            key = parse_object_id(model, str(raw))
        except ValidationError:
            return None
        self.wanted.setdefault(model, set()).add(key)
        return key

    def fetch(self) -> None:
        for model, keys in self.wanted.items():
            entry = entry_for(model)
            missing = set(keys)
            if entry.visible is not None:
                try:
                    visible = entry.visible(self.user)
                except Http404:  # a selector that answers 404 to who may see none of its records
                    visible = model._default_manager.none()
                for obj in _related(visible.filter(pk__in=missing), entry):
                    self.found[(model, obj.pk)] = _Record(obj, True, _identifiable(entry, obj))
                    missing.discard(obj.pk)
            if missing:
                for obj in _related(model._default_manager.filter(pk__in=missing), entry):
                    self.found[(model, obj.pk)] = _Record(obj, False, _identifiable(entry, obj))
        self.wanted.clear()

    def personal(self, entry: AuditedModel) -> tuple[bool, bool]:
        """(is_personal, has_personal_name) of a registration, worked out once per page."""
        found = self._personal.get(entry.model)
        if found is None:
            found = self._personal[entry.model] = (entry.is_personal, entry.has_personal_name)
        return found

    def record(self, model: type[Model], key: Any) -> _Record:
        return self.found.get((model, key), _Record(None, False, False))


def _related(queryset: QuerySet[Any], entry: AuditedModel) -> QuerySet[Any]:
    if entry.related:
        queryset = queryset.select_related(*entry.related)
    return queryset.defer(*entry.defer) if entry.defer else queryset


def _identifiable(entry: AuditedModel, obj: Model) -> bool:
    return entry.identifiable(obj) if entry.identifiable is not None else True


def _record_name(entry: AuditedModel, record: _Record, stored: str, personal_name: bool) -> tuple[str, str]:
    """(name, state) of a record as the reader may know it."""
    if record.obj is None:
        return ("" if personal_name else stored), "deleted"
    if personal_name and not record.identifiable:
        return "", "anonymized"
    if personal_name and not record.visible:
        return "", "hidden"
    return entry.name(record.obj), ""


def _yes_no(value: bool) -> ShownValue:
    return ShownValue(gettext("yes") if value else gettext("no"))


def _date_text(value: Any) -> str | None:
    """A date as day/month/year, a moment as the local day/month/year hour:minute; None for anything else."""
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        return value.strftime(_DAY)
    elif isinstance(value, str) and _ISO_DATE.match(value):
        day = parse_date(value)
        return day.strftime(_DAY) if day else None
    elif isinstance(value, str) and _ISO_DATETIME.match(value):
        try:
            parsed = parse_datetime(value)
        except ValueError:
            return None
        if parsed is None:
            return None
        moment = parsed
    else:
        return None
    return local_moment(moment)


def local_moment(moment: datetime.datetime) -> str:
    """A moment as the site's local day/month/year hour:minute."""
    return (timezone.localtime(moment) if timezone.is_aware(moment) else moment).strftime(_MOMENT)


def local_day(moment: datetime.datetime) -> str:
    """The local day of a moment, day/month/year."""
    return (timezone.localtime(moment) if timezone.is_aware(moment) else moment).strftime(_DAY)


class _Renderer:
    """Changes as lines, for one page of entries sharing a resolver."""

    def __init__(self, resolver: _Resolver) -> None:
        self.resolver = resolver
        # A page repeats its labels: each is translated once per page, not once per line.
        self._labels: dict[tuple[Any, str], str] = {}
        self._choices: dict[int, dict[str, str]] = {}

    def label(self, model: type[Model] | None, entry: AuditedModel | None, key: str) -> str:
        found = self._labels.get((model, key))
        if found is None:
            found = self._labels[(model, key)] = _label(model, entry, key)
        return found

    # Which records the values name: asked before the page's one fetch.
    def want_references(self, model: type[Model] | None, entry: AuditedModel | None, changes: Any) -> None:
        if not isinstance(changes, dict):
            return
        for key, value in changes.items():
            target = self._target(model, entry, key)
            if target is None:
                continue
            for item in _values_of(value):
                self.resolver.want(target, item)

    def _target(self, model: type[Model] | None, entry: AuditedModel | None, key: str) -> type[Model] | None:
        declared = entry.keys.get(key) if entry is not None else None
        if declared is not None:
            return declared.refers_to
        model_field = _field(model, key)
        if model_field is not None and (model_field.many_to_one or model_field.one_to_one):
            return model_field.related_model  # type: ignore[no-any-return]
        return None

    def lines(self, model: type[Model] | None, entry: AuditedModel | None, changes: Any, *, masked: bool,
              action: str) -> list[ShownChange]:  # fmt: skip
        if not isinstance(changes, dict):
            return [] if not changes else [ShownChange(gettext("changes"), "value", new=self.plain(changes))]
        shown = []
        for key, value in sorted(changes.items(), key=lambda item: _field_order(model).get(item[0], 10**6)):
            label = self.label(model, entry, key)
            if masked or _is_confidential(model, entry, key):
                shown.append(ShownChange(label, "hidden"))
            elif isinstance(value, list) and len(value) == 2 and all(isinstance(side, list) for side in value):
                # A set that changed (a role's permissions): what went and what came, not two long lists.
                removed = [item for item in value[0] if item not in value[1]]
                added = [item for item in value[1] if item not in value[0]]
                shown.append(ShownChange(label, "set", old=self.value(model, entry, key, removed) if removed else None,
                                         new=self.value(model, entry, key, added) if added else None))  # fmt: skip
            elif isinstance(value, list) and len(value) == 2:
                old, new = (self.value(model, entry, key, item) for item in value)
                if action == "create" and value[0] is None:
                    shown.append(ShownChange(label, "value", new=new))
                else:
                    shown.append(ShownChange(label, "change", old=old, new=new))
            else:
                shown.append(ShownChange(label, "value", new=self.value(model, entry, key, value)))
        return shown

    def value(self, model: type[Model] | None, entry: AuditedModel | None, key: str, value: Any) -> ShownValue:
        if value is None or value == "" or value == []:
            return EMPTY
        declared = entry.keys.get(key) if entry is not None else None
        if declared is not None and declared.render is not None:
            return ShownValue(", ".join(declared.render(item) for item in _values_of(value)))
        if declared is not None and declared.choices:
            return self._choice(declared, declared.choices, value)
        target = self._target(model, entry, key)
        if target is not None:
            return ShownValue(", ".join(self.reference(target, item) for item in _values_of(value)))
        model_field = _field(model, key) if declared is None else None
        if model_field is None:
            return self.plain(value, model, entry)
        if model_field.choices:
            return self._choice(model_field, model_field.flatchoices, value)
        if isinstance(model_field, models.BooleanField):
            return _yes_no(value) if isinstance(value, bool) else self.plain(value)
        if isinstance(model_field, models.DateField | models.DateTimeField):
            text = _date_text(value)
            return ShownValue(text) if text is not None else self.plain(value)
        if isinstance(model_field, models.IntegerField | models.DecimalField | models.FloatField):
            return _number(value) or self.plain(value)
        return self.plain(value)

    def _choice(self, owner: Any, choices: Iterable[tuple[Any, Any]], value: Any) -> ShownValue:
        labels = self._choices.get(id(owner))
        if labels is None:
            labels = self._choices[id(owner)] = {str(code): str(label) for code, label in choices}
        items = value if isinstance(value, list) else [value]
        return ShownValue(", ".join(labels.get(str(item), str(item)) for item in items))

    def reference(self, model: type[Model], raw: Any) -> str:
        key = self.resolver.want(model, raw)
        if key is None:
            return str(raw)
        entry = entry_for(model)
        name, state = _record_name(entry, self.resolver.record(model, key), "", self.resolver.personal(entry)[1])
        return name or str(STATE_LABELS[state])

    def plain(self, value: Any, model: type[Model] | None = None, entry: AuditedModel | None = None) -> ShownValue:
        """A value with no field to say how to show it, shown by its Python type (the keys of a mapping
        as the model's labels)."""
        if value is None or value == "":
            return EMPTY
        if isinstance(value, bool):
            return _yes_no(value)
        if isinstance(value, int | float | decimal.Decimal):
            return _number(value) or ShownValue(str(value))
        if isinstance(value, str):
            return ShownValue(_date_text(value) or value)
        if isinstance(value, list):
            return ShownValue(", ".join(self.plain(item, model, entry).text for item in value) or EMPTY.text)
        if isinstance(value, dict):
            parts = [f"{self.label(model, entry, str(key))}: {self.value(model, entry, str(key), item).text}"
                     for key, item in value.items()]  # fmt: skip
            return ShownValue("; ".join(parts) or EMPTY.text)
        return ShownValue(json.dumps(value, ensure_ascii=False, default=str))


def _number(value: Any) -> ShownValue | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | decimal.Decimal):
        return ShownValue(str(value), number=value)
    if isinstance(value, str):
        try:
            number = decimal.Decimal(value)
        except decimal.InvalidOperation:
            return None
        return ShownValue(value, number=number) if number.is_finite() else None
    return None


def _values_of(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


@functools.lru_cache(maxsize=256)
def _field_order(model: type[Model] | None) -> dict[str, int]:
    """The position of each field in its model, the order its form shows them: changes are listed so,
    whatever order the database kept their keys in (PostgreSQL's jsonb sorts them by length), the
    other keys after them in the order written."""
    if model is None:
        return {}
    return {model_field.name: index for index, model_field in enumerate(model._meta.get_fields())}


@functools.lru_cache(maxsize=4096)
def _field(model: type[Model] | None, key: str) -> Any:
    """The forward field `key` of `model` (models do not change while the site runs: looked up once)."""
    if model is None:
        return None
    try:
        model_field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    # A reverse relation (a center's "services") is not a field the record holds: its key means something else.
    return None if model_field.auto_created and not model_field.concrete else model_field


def _label(model: type[Model] | None, entry: AuditedModel | None, key: str) -> str:
    declared = entry.keys.get(key) if entry is not None else None
    if declared is not None:
        return _cap(declared.label)
    model_field = _field(model, key)
    if model_field is not None and hasattr(model_field, "verbose_name"):
        return _cap(model_field.verbose_name)
    common = COMMON_KEYS.get(key)
    if common is not None:
        return _cap(common.label)
    return _cap(key.replace("_", " "))


def _is_confidential(model: type[Model] | None, entry: AuditedModel | None, key: str) -> bool:
    if entry is not None and key in entry.confidential:
        return True
    declared = entry.keys.get(key) if entry is not None else None
    if declared is not None and declared.confidential:
        return True
    return isinstance(_field(model, key), EncryptedTextField)


def present(user: Any, entries: Sequence[Any], *, links: bool = True) -> list[ShownEntry]:
    """The entries (AuditLog rows) as `user` may read them, in one batch: one query per model they name
    (two when some of its records are outside the reader's scope or gone). `links=False` leaves out the
    links to the records (an export has no use for them)."""
    resolver = _Resolver(user)
    renderer = _Renderer(resolver)
    actions = {code: str(label) for code, label in AuditLog.Action.choices}
    type_labels: dict[str, str] = {"": ""}
    account_model: type[Model] = AuditLog._meta.get_field("actor").related_model  # type: ignore[assignment]
    keyed = []
    for item in entries:
        model = model_of(item.object_type)
        entry = entry_for(model) if model is not None else None
        key = resolver.want(model, item.object_id) if model is not None else None
        renderer.want_references(model, entry, item.changes)
        resolver.want(account_model, item.actor_id)
        keyed.append((item, model, entry, key))
    resolver.fetch()
    accounts = entry_for(account_model)
    shown = []
    for item, model, entry, key in keyed:
        name, state, url, masked = item.object_repr, "", "", False
        if model is not None and entry is not None:
            record = resolver.record(model, key) if key is not None else _Record(None, False, False)
            is_personal, personal_name = resolver.personal(entry)
            if key is None:
                name, state = ("" if personal_name else item.object_repr), ""
            else:
                name, state = _record_name(entry, record, item.object_repr, personal_name)
            if links and record.obj is not None and record.visible and entry.url is not None:
                url = entry.url(record.obj)
            # An entry about one person's record (an id is stored) shows its values only to who may see it.
            readable = record.obj is not None and record.visible and record.identifiable
            masked = bool(item.object_id) and is_personal and not readable
        actor = resolver.record(account_model, item.actor_id).obj if item.actor_id is not None else None
        shown.append(
            ShownEntry(
                entry=item,
                actor=accounts.name(actor) if actor is not None else item.actor_username,
                action=actions.get(item.action, item.action),
                type_label=type_labels.setdefault(item.object_type, type_label(item.object_type)),
                name=name,
                state=state,
                url=url,
                changes=renderer.lines(model, entry, item.changes, masked=masked, action=item.action),
            )
        )
    return shown
