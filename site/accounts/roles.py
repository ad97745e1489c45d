"""The roles of the system. Each is a Django group created by a data migration."""

from django.db import models


class Role(models.TextChoices):
    PARENT = "Parent", "Parent"
    BEFRIENDER = "Befriender", "Befriender"
    # A volunteer who is not active: applying and being vetted, or paused. They see their own
    # application and nothing else; the Befriender role comes only with being made active.
    APPLICANT = "Volunteer applicant", "Volunteer applicant"
    PARTICIPATION_MANAGER = "Participation manager", "Participation manager"
    BEFRIENDING_COORDINATOR = "Befriending coordinator", "Befriending coordinator"
    # Sees, exports and marks paid the payments to parents and volunteers.
    FINANCE = "Finance", "Finance"
    EDITOR = "Editor", "Editor"
    ADMINISTRATOR = "Administrator", "Administrator"


STAFF_ROLES = frozenset(
    {
        Role.PARTICIPATION_MANAGER,
        Role.BEFRIENDING_COORDINATOR,
        Role.FINANCE,
        Role.EDITOR,
        Role.ADMINISTRATOR,
    }
)
PORTAL_ROLES = frozenset({Role.PARENT, Role.BEFRIENDER, Role.APPLICANT})
