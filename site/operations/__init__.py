"""Running the system: encrypted backups and their restore check, health and alerts."""
