"""Demo data (placeholder until the core group is seeded below)."""


def seed_demo(*, users, stdout):
    pass
