"""Data-rights pages of the portal (under /my/)."""
