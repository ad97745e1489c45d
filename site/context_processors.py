from django.conf import settings


def pace(request):
    return {
        "QUICK_EXIT_URL": settings.QUICK_EXIT_URL,
        "PACE_HELPLINE": settings.PACE_HELPLINE,
        "EMERGENCY_PHONE": settings.EMERGENCY_PHONE,
    }
