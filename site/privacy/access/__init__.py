"""Subject access: everything held about one person, read from the registry, and the requests
staff handle for it (see docs/privacy.md)."""

from .collect import Collection, Item, Row, Section, collect, from_dict

__all__ = ["Collection", "Item", "Row", "Section", "collect", "from_dict"]
