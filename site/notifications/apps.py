from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "pace_site.notifications"
    label = "notifications"
    verbose_name = "Notifications"
