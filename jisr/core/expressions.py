"""Query expressions shared by the apps' selectors."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import BooleanField, Func


class AnyOf(Func):
    """`field IN (values)` with the values as one parameter: `field = ANY(%s)` on PostgreSQL.

    A scope resolved to a few hundred center ids stays one array parameter, so that the query text
    (and the driver's work to send it) does not grow with the list; SQLite gets the usual `IN (…)`."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, expression: Any, values: Iterable[Any]) -> None:
        super().__init__(expression)
        self.values = list(values)

    def _prepared(self, connection: Any) -> list[Any]:
        field = self.source_expressions[0].output_field
        return [field.get_db_prep_value(value, connection) for value in self.values]

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, tuple[Any, ...]]:  # type: ignore[override]
        lhs, params = compiler.compile(self.source_expressions[0])
        if not self.values:
            return "1 = 0", ()
        return f"{lhs} = ANY(%s)", (*params, self._prepared(connection))

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, params = compiler.compile(self.source_expressions[0])
        if not self.values:
            return "1 = 0", ()
        return f"{lhs} IN ({', '.join(['%s'] * len(self.values))})", (*params, *self._prepared(connection))
