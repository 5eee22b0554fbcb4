"""Response bodies shared by every `/api/v1/` router (a message, a validation failure by field), the base of
every request body, and the error answers every operation documents."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import BaseModel, ModelWrapValidatorHandler, model_validator


class Message(Schema):
    detail: str


class Invalid(Schema):
    detail: str
    errors: dict[str, list[str]]


class Input(Schema):
    """The base of every request body: a JSON object, nothing else.

    ninja's `Schema` reads its fields with `getattr` from whatever it is given (it is made for ORM objects),
    so a plain `Schema` whose fields all have defaults accepted `[]`, `"x"` or `1` as an empty body and the
    endpoint answered 200. Bodies derive from this class instead, and anything but an object is a 422.
    """

    @model_validator(mode="wrap")
    @classmethod
    def _an_object(cls, values: Any, handler: ModelWrapValidatorHandler[Any]) -> Any:
        if not isinstance(values, Mapping | BaseModel):
            raise ValueError(_("Send a JSON object."))
        return handler(values)


# What every operation may answer besides its own codes: a body that is not JSON (ninja's 400), no valid
# credentials (401) or a logged-in session's failed CSRF check (403) where authentication is required, a record
# missing or out of scope (404), invalid input (422, ninja's and the services' validation errors).
ERROR_RESPONSES: dict[int, type[Schema]] = {400: Message, 401: Message, 403: Message, 404: Message, 422: Invalid}
AUTHENTICATED_ONLY = {401, 403}


def document_error_responses(routers: Iterable[Router]) -> None:
    """Declare the shared error answers on every operation of the routers that does not declare its own.

    Declared answers are also the ones ninja validates and OpenAPI publishes, so a client (and the schema
    fuzzing in the test suite) can rely on every status code the API may send. Call before the routers are
    added to the API: ninja copies each operation when it binds a router.
    """
    for router in routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                public = operation.auth_param is None
                for status, schema in ERROR_RESPONSES.items():
                    if status in operation.response_models or (status in AUTHENTICATED_ONLY and public):
                        continue
                    # ninja wraps each declared answer in a response model; this is how it builds them.
                    operation.response_models[status] = operation._create_response_model(schema)
