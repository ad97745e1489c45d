"""The reliability drills run by scripts/drill.py (`make drill`)."""
