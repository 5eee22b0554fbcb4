"""`{% attachments_panel person=… %}` / `{% attachments_panel case=… %}`: the documents section of the person's
and the case's pages — the list, the upload form, the removed ones — for a reader who may see or add them."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from jisr.attachments import forms, selectors, services

register = template.Library()


@register.inclusion_tag("attachments/_panel.html", takes_context=True)
def attachments_panel(context: template.Context, *, person: Any = None, case: Any = None) -> dict[str, Any]:
    user = context["request"].user
    if case is not None:
        documents = selectors.attachments_of_case(user, case)
        can_add = selectors.may_attach_to_case(user, case)
        can_remove = selectors.may_remove_from_case(user, case)
        visible = can_add or selectors.may_see_case_documents(user, case)
        upload_url = reverse("attachments:case_upload", args=[case.pk])
        archive_url = ""
    else:
        documents = selectors.attachments_of_person(user, person)
        can_add = selectors.may_attach_to_person(user, person)
        can_remove = selectors.may_remove_from_person(user, person)
        visible = can_add or selectors.may_see_person_documents(user, person)
        upload_url = reverse("attachments:person_upload", args=[person.pk])
        archive_url = (reverse("attachments:person_archive", args=[person.pk])
                       if selectors.may_export_documents(user, person) else "")  # fmt: skip
    max_mb = services.max_bytes() // (1024 * 1024)
    live = [document for document in documents if not document.is_removed]
    return {
        "visible": visible,
        "of_case": case is not None,
        "documents": live,
        "removed": [document for document in documents if document.is_removed],
        "can_remove": can_remove,
        "can_add": can_add,
        "upload_url": upload_url,
        "archive_url": archive_url,
        "form": forms.AttachmentForm(max_mb=max_mb, prefix=forms.PREFIX) if can_add else None,
    }
