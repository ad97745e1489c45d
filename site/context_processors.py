from django.conf import settings
from django.utils.functional import SimpleLazyObject


def _helpline():
    from .helpline import current

    return current()


def pace(request):
    helpline = SimpleLazyObject(_helpline)
    return {
        "QUICK_EXIT_URL": settings.QUICK_EXIT_URL,
        # The helpline as editors set it (Settings › Helpline): .phone, .tel, .hours,
        # .cover_your_tracks_url. PACE_HELPLINE stays for the many sentences that name it.
        "HELPLINE": helpline,
        "PACE_HELPLINE": SimpleLazyObject(lambda: helpline.phone),
        "EMERGENCY_PHONE": settings.EMERGENCY_PHONE,
    }
