from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from jisr.core.crypto import EncryptedTextField, rotate


class Command(BaseCommand):
    help = "Re-encrypt every sensitive field with the newest key of JISR_FIELD_KEYS (run after prepending a key)."

    def handle(self, *args: Any, **options: Any) -> None:
        quote = connection.ops.quote_name
        for model in apps.get_models():
            fields = [field for field in model._meta.concrete_fields if isinstance(field, EncryptedTextField)]
            if not fields:
                continue
            table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
            rotated = 0
            with transaction.atomic(), connection.cursor() as cursor:
                for field in fields:
                    column = quote(field.column)
                    cursor.execute(f"SELECT {pk}, {column} FROM {table} WHERE {column} <> ''")  # noqa: S608
                    rows = [(rotate(value), key) for key, value in cursor.fetchall() if value]
                    cursor.executemany(f"UPDATE {table} SET {column} = %s WHERE {pk} = %s", rows)  # noqa: S608
                    rotated += len(rows)
            if options["verbosity"] > 0:
                self.stdout.write(f"{model._meta.label}: {rotated}")
