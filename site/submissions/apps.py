from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "pace_site.submissions"
    label = "submissions"
    verbose_name = "Form submissions"
