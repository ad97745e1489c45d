"""The data-rights records in the staff workspace."""
