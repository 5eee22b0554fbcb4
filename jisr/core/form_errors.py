"""A service's ValidationError shown on the form that called it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


def service_errors_into(form: Any, error: ValidationError) -> None:
    """Each message on the field it names when the form has that field, else at the top of the form."""
    if hasattr(error, "error_dict"):
        for field_name, field_errors in error.message_dict.items():
            target = field_name if field_name in form.fields else None
            for message in field_errors:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def service_errors_as_messages(request: Any, error: ValidationError) -> None:
    """Each message of a service's ValidationError as an error message of the next page (no form to hold it)."""
    from django.contrib import messages

    for message in error.messages:
        messages.error(request, message)


def form_errors_as_messages(request: Any, form: Any, *, with_labels: bool = True) -> None:
    """Each error of a form that is not shown again (a small form posted from a page) as a message of the
    next page, prefixed by the field's label unless `with_labels` is False (a one-field form whose
    message already names what is wrong)."""
    from django.contrib import messages

    for field_name, field_errors in form.errors.items():
        label = form.fields[field_name].label if with_labels and field_name in form.fields else ""
        for message in field_errors:
            messages.error(request, f"{label}: {message}" if label else str(message))
