"""URL converters. `<id:pk>` is a record id: at most 18 digits, so a number that no database
column can hold (SQLite fails the whole query on one) never reaches a view; it is a 404."""

from django.urls import register_converter


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(IdConverter, "id")
