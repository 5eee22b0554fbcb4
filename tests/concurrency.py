"""Races in tests: several threads, each with its own database connection, writing at the same moment.

A test normally runs inside one transaction that is rolled back, which other connections cannot
see. `SharedDatabase.prepare(build)` makes the rows `build` creates visible to every thread:

- on SQLite (the suite's database lives in memory, where two writers fail at once instead of
  waiting), the test's database, with what `build` wrote, is copied to a real file with `VACUUM INTO`
  and the threads' connections open that file with the project's settings (WAL, IMMEDIATE
  transactions, busy timeout): the embedded mode's real behaviour. The copy is deleted afterwards.
- on PostgreSQL, `build` runs and commits on its own connection; afterwards every row written since
  the test began (its transaction id or later) is deleted, so the next tests see the usual database.

Threads read and write through `run_at_once(...)` and `in_thread(...)`, never through the test's own
connection (which, on SQLite, still holds the in-memory database).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from django.db import connection, connections

T = TypeVar("T")


def _in_own_connection(action: Callable[[], T], start: threading.Barrier | None = None) -> T | BaseException:
    outcome: list[Any] = []

    def target() -> None:
        try:
            if start is not None:
                start.wait(timeout=30)
            outcome.append(action())
        except BaseException as error:  # noqa: BLE001 — the test inspects what each thread met
            outcome.append(error)
        finally:
            connections.close_all()

    worker = threading.Thread(target=target)
    worker.start()
    worker.join(timeout=120)
    return outcome[0]


class SharedDatabase:
    def __init__(self, tmp_path: Path) -> None:
        self.file = tmp_path / "shared.sqlite3"
        self.memory_name: str | None = None
        self.first_transaction: int | None = None

    def prepare(self, build: Callable[[], T]) -> T:
        """Run `build` (it creates the test's rows) and make what it wrote visible to other connections."""
        if connection.vendor == "sqlite":
            built = build()
            self._copy_to_file()
            return built
        self.first_transaction = self.in_thread(lambda: _current_transaction_id())
        result = self.in_thread(build)
        return result

    def in_thread(self, action: Callable[[], T]) -> T:
        """Run `action` on a connection of its own, re-raising what it raised."""
        outcome = _in_own_connection(action)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def run_at_once(self, *actions: Callable[[], Any]) -> list[Any]:
        """Start every action in its own thread at the same instant; their results or exceptions, in order."""
        start = threading.Barrier(len(actions))
        outcomes: list[Any] = [None] * len(actions)

        def runner(index: int, action: Callable[[], Any]) -> None:
            outcomes[index] = _in_own_connection(action, start)

        threads = [threading.Thread(target=runner, args=(i, a)) for i, a in enumerate(actions)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=180)
        return outcomes

    def _copy_to_file(self) -> None:
        connection.ensure_connection()
        name = connection.settings_dict["NAME"]
        # A second connection to the shared in-memory database, allowed to read the test's uncommitted rows.
        reader = sqlite3.connect(name, uri=str(name).startswith("file:"), isolation_level=None)
        try:
            reader.execute("PRAGMA read_uncommitted = 1")
            reader.execute("VACUUM INTO ?", [str(self.file)])
        finally:
            reader.close()
        # The copy is in rollback-journal mode. Switch it to WAL now, alone: when the racing threads'
        # connections each try the switch at once, SQLite answers "database is locked" without waiting.
        copy = sqlite3.connect(self.file, isolation_level=None)
        try:
            copy.execute("PRAGMA journal_mode=WAL")
        finally:
            copy.close()
        self.memory_name = name
        # New connections (one per thread) open the file; the test's own connection stays on the memory.
        connection.settings_dict["NAME"] = str(self.file)

    def restore(self) -> None:
        if self.memory_name is not None:
            connection.settings_dict["NAME"] = self.memory_name
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.file}{suffix}").unlink(missing_ok=True)
        if self.first_transaction is not None:
            self.in_thread(lambda: _delete_rows_since(self.first_transaction or 0))


def _current_transaction_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT txid_current() % 4294967296")
        return int(cursor.fetchone()[0])


def _delete_rows_since(first_transaction: int) -> None:
    """Delete, in every table, the rows inserted or changed by a transaction since the test began."""
    with connection.cursor() as cursor:
        # Foreign keys are not checked while the test's rows are removed in any order (superuser, as in
        # tools/with_postgres.sh).
        cursor.execute("SET session_replication_role = replica")
        for table in connection.introspection.table_names(cursor):
            cursor.execute(
                f"DELETE FROM {connection.ops.quote_name(table)} WHERE xmin::text::bigint >= %s",  # noqa: S608 — a table name from the catalog
                [first_transaction],
            )
        cursor.execute("SET session_replication_role = DEFAULT")


@pytest.fixture
def shared_database(db: None, tmp_path: Path) -> Iterator[SharedDatabase]:
    """A database that the threads of a race test all see (see the module)."""
    shared = SharedDatabase(tmp_path)
    try:
        yield shared
    finally:
        shared.restore()
