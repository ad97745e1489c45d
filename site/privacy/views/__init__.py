"""Data-rights pages on the portal."""
