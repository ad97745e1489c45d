from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls
from .views import roles_user_may_invite


@hooks.register("register_admin_urls")
def register_invite_url():
    return [path("people/", include(admin_urls, namespace="accounts_admin"))]


class InviteMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(roles_user_may_invite(request.user))


@hooks.register("register_admin_menu_item")
def register_invite_menu_item():
    return InviteMenuItem(
        "Invite someone", reverse("accounts_admin:invite"), icon_name="mail", order=900
    )
