"""Inviting someone, in the staff workspace under /admin/people/."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from .views import invite, roles_user_may_invite


class InvitationsViewSet(ViewSet):
    """The invite form (its rule: the roles that may invite someone)."""

    name = "invitations"
    url_prefix = "people"

    def get_urlpatterns(self):
        return [path("invite/", invite, name="invite")]


class InviteMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(roles_user_may_invite(request.user))


@hooks.register("register_admin_viewset")
def register_invitations_viewset():
    return InvitationsViewSet()


@hooks.register("register_admin_menu_item")
def register_invite_menu_item():
    return InviteMenuItem(
        "Invite someone", reverse("invitations:invite"), icon_name="mail", order=900
    )
