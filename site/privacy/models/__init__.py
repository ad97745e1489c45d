"""Data-rights records: one module per right, gathered here for Django."""
