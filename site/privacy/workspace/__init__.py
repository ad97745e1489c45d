"""The data-rights screens of the staff workspace."""
