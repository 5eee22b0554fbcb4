"""How the audit log shows centers, their services, organizations and imports (`jisr.core.audit_display`)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jisr.centers.models import Center, CenterImport, CenterService, CenterWorks, Organization, WorksPhoto
from jisr.core import audit_display
from jisr.core.audit_display import AuditedModel, Key, page


def _directory(user: Any) -> QuerySet[Center]:
    return Center.objects.all()  # the directory is public: every center has its page


def _services(user: Any) -> QuerySet[CenterService]:
    return CenterService.objects.all()


def _own_imports(user: Any) -> QuerySet[CenterImport]:
    # An import's preview is its uploader's (jisr.centers.selectors.center_import_get).
    return CenterImport.objects.filter(created_by_id=getattr(user, "pk", None))


def _works(user: Any) -> QuerySet[CenterWorks]:
    from jisr.centers.works.selectors import works_in_scope

    return works_in_scope(user)


def _photos(user: Any) -> QuerySet[WorksPhoto]:
    return WorksPhoto.objects.filter(works__in=_works(user))


def _codes(value: Any) -> str:
    return ", ".join(value) if isinstance(value, dict) else str(value)


def register() -> None:
    audit_display.register(
        AuditedModel(
            model=Center,
            url=page("centers:detail"),
            visible=_directory,
            name=lambda center: center.name,
            keys={"services": Key(_("services")), "opening_hours": Key(_("opening hours"))},
        )
    )
    audit_display.register(
        AuditedModel(
            model=CenterService,
            url=page("centers:detail", "center_id"),
            visible=_services,
            related=("service_type", "center"),
        )
    )
    audit_display.register(AuditedModel(model=Organization, name=lambda organization: organization.name))
    audit_display.register(
        AuditedModel(
            model=CenterImport,
            url=page("centers:import_preview"),
            visible=_own_imports,
            defer=("content",),
            keys={
                "file": Key(_("file name")),
                "created": Key(_("centers created")),
                "updated": Key(_("centers updated"), render=_codes),
            },
        )
    )
    audit_display.register(
        AuditedModel(
            model=CenterWorks,
            url=page("rehabilitation:works"),
            visible=_works,
            related=("center",),
            keys={
                "plan": Key(_("planned dates")),
                "future_services": Key(_("services once open")),
                "on_date": Key(_("date")),
                "reason": Key(_("reason")),
                "photos": Key(_("photos")),
            },
        )
    )
    audit_display.register(
        AuditedModel(
            model=WorksPhoto,
            url=page("rehabilitation:works", "works_id"),
            visible=_photos,
            keys={"works": Key(_("works")), "format": Key(_("format")), "size": Key(_("size in bytes"))},
        )
    )
