"""Response bodies shared by every `/api/v1/` router: a message, and a validation failure by field."""

from __future__ import annotations

from ninja import Schema


class Message(Schema):
    detail: str


class Invalid(Schema):
    detail: str
    errors: dict[str, list[str]]
