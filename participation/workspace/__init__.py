"""The participation manager's staff workspace in the Wagtail admin (see viewsets.py)."""
