from django.apps import AppConfig


class PaceSiteConfig(AppConfig):
    """The platform layer: shared templates, static files, template tags and commands."""

    name = "pace_site"
    label = "pace_site"
    verbose_name = "Pace platform"
