"""The portal home's panel: questions waiting, when there are any."""

from .models import Invitation


def panel_context(request) -> dict:
    return {"questions_waiting": Invitation.objects.for_person(request.user).waiting().count()}
