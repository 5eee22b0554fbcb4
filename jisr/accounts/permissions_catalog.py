"""The permissions a role may hold, grouped by Jisr app, with translated labels.

Django stores permission names untranslated in the database ("Can view center"), so the labels
are rebuilt from the models' translated verbose names and their Meta.permissions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth.models import Permission
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

# The demo loader's bookkeeping is not something a role should be granted.
NOT_ASSIGNABLE_APPS = {"demo"}
BUILTIN_ACTION_LABELS: dict[str, Any] = {
    "view": _("View %(model)s"),
    "add": _("Add %(model)s"),
    "change": _("Change %(model)s"),
    "delete": _("Delete %(model)s"),
}


@dataclass
class PermissionChoice:
    permission: Permission
    label: str

    @property
    def dotted(self) -> str:
        return f"{self.permission.content_type.app_label}.{self.permission.codename}"


@dataclass
class PermissionGroup:
    app_label: str
    title: str
    choices: list[PermissionChoice] = field(default_factory=list)


def jisr_app_labels() -> list[str]:
    """The app labels of Jisr's own apps (auth, sessions and third-party apps are not role material)."""
    return [
        config.label
        for config in apps.get_app_configs()
        if config.name.startswith("jisr.") and config.label not in NOT_ASSIGNABLE_APPS
    ]


def permission_label(permission: Permission) -> str:
    """A translated, human label for a permission."""
    model = permission.content_type.model_class()
    if model is None:
        return permission.name
    for codename, name in model._meta.permissions:
        if codename == permission.codename:
            return str(capfirst(name))
    action, _sep, model_name = permission.codename.partition("_")
    if action in BUILTIN_ACTION_LABELS and model_name == model._meta.model_name:
        return str(BUILTIN_ACTION_LABELS[action] % {"model": model._meta.verbose_name})
    return permission.name


def assignable_permissions() -> list[Permission]:
    """Every permission of a Jisr app, in a stable order."""
    return list(
        Permission.objects.filter(content_type__app_label__in=jisr_app_labels())
        .select_related("content_type")
        .order_by("content_type__app_label", "content_type__model", "codename")
    )


def permission_groups(permissions: list[Permission] | None = None) -> list[PermissionGroup]:
    """The assignable permissions grouped by app, each group titled with the app's translated name."""
    groups: dict[str, PermissionGroup] = {}
    for permission in assignable_permissions() if permissions is None else permissions:
        app_label = permission.content_type.app_label
        if app_label not in groups:
            title = str(apps.get_app_config(app_label).verbose_name)
            groups[app_label] = PermissionGroup(app_label=app_label, title=title)
        groups[app_label].choices.append(PermissionChoice(permission=permission, label=permission_label(permission)))
    return list(groups.values())


def dotted_permission_label(dotted: str) -> str:
    """The translated label of "app_label.codename" without reading the database (the audit log shows
    a role's permissions as they were: a permission since removed keeps its code)."""
    app_label, _dot, codename = dotted.partition(".")
    try:
        config = apps.get_app_config(app_label)
    except LookupError:
        return dotted
    for model in config.get_models():
        for custom, name in model._meta.permissions:
            if custom == codename:
                return str(capfirst(name))
        action, _sep, model_name = codename.partition("_")
        if action in BUILTIN_ACTION_LABELS and model_name == model._meta.model_name:
            return str(BUILTIN_ACTION_LABELS[action] % {"model": model._meta.verbose_name})
    return dotted
