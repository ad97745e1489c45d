"""Per-checkout secrets for development: made on first use, kept under var/, never committed."""

import secrets
from pathlib import Path

from cryptography.fernet import Fernet


def local_secret(var_dir: Path, name: str, make) -> str:
    var_dir.mkdir(parents=True, exist_ok=True)
    path = var_dir / f"{name}.secret"
    if not path.exists():
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


def make_secret_key() -> str:
    return secrets.token_urlsafe(50)


def make_fernet_key() -> str:
    return Fernet.generate_key().decode()
