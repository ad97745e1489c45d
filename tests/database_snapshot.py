"""Between transactional tests, the database goes back to how the migrations left it, quickly.

Django empties the database after a transactional test (`flush`) and then sends post_migrate,
which makes every content type and permission again and re-syncs the role groups: about half a
second a test. The rows the data migrations made (the Wagtail root page and site, the groups,
the seeded questionnaires) are not made again at all, so a later transactional test met a
database unlike the one the first one met.

On PostgreSQL this takes a copy of every non-empty table once per test process, right after the
test database is ready, and after each transactional test empties the same tables Django would
and copies the rows back in one transaction. Every transactional test starts from the migrated
database, and the post_migrate round trip is gone. Sequences carry on from where they were, as
with `flush(reset_sequences=False)`.

The same copies serve data that is slow to make and the same for many tests: the seeded demo
site is made once per test process, copied under its own name, and put back for each browser
test that needs it.
"""

from django.db import connection, transaction

PREFIX = "pace_test_snapshot"


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


_flushed: list[str] = []


def flushed_tables() -> list[str]:
    """The tables Django's flush empties: every model's table (they are made by the migrations,
    before any test runs)."""
    if not _flushed:
        _flushed.extend(sorted(connection.introspection.django_table_names(only_existing=True)))
    return _flushed


class Snapshot:
    """The rows of every table flush would empty, as they were when it was taken."""

    def __init__(self, name: str):
        self.schema = f"{PREFIX}_{name}"
        self.tables = take(self.schema)

    def restore(self) -> None:
        restore(self.schema, self.tables)


def take(schema: str) -> list[str]:
    """Copy every non-empty table flush would empty into the schema; returns their names."""
    kept = []
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}")
        for table in flushed_tables():
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {_quote(table)})")  # noqa: S608
            if cursor.fetchone()[0]:
                cursor.execute(
                    f"CREATE TABLE {schema}.{_quote(table)} AS TABLE {_quote(table)}"  # noqa: S608
                )
                kept.append(table)
    return kept


def restore(schema: str, kept: list[str]) -> None:
    """Empty every table flush would empty and put the schema's rows back. Foreign keys are
    deferred to the commit (Django makes them DEFERRABLE INITIALLY DEFERRED), so the order of
    the copies does not matter."""
    tables = flushed_tables()
    if not tables:
        return
    statements = ["TRUNCATE " + ", ".join(_quote(t) for t in tables)]
    statements += [
        f"INSERT INTO {_quote(t)} SELECT * FROM {schema}.{_quote(t)}"  # noqa: S608
        for t in kept
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(";\n".join(statements))
