"""URL converters. `<id:pk>` is a record id: at most 18 digits, so a number that no database
column can hold (SQLite fails the whole query on one) never reaches a view; it is a 404."""

from django.urls import register_converter
from django.urls.converters import IntConverter


class IdConverter(IntConverter):
    regex = "[0-9]{1,18}"


register_converter(IdConverter, "id")
