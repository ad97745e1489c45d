"""Odd input from a signed-in person gets an answer, never a server error, on both databases."""

import pytest
from wagtail.models import Page

from pace_site.accounts.roles import Role
from tests.factories import make_user
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
LISTINGS = [
    f"/admin/participation/parents/?interests={HUGE}",
    f"/admin/participation/parents/?interests={HUGE}&interests=1&interests=abc&interests=-3",
    f"/admin/participation/sign-ups/?opportunity={HUGE}",
]


@pytest.mark.parametrize("url", LISTINGS)
def test_filters_with_impossible_ids_show_the_listing(client, url):
    sign_in(client, make_user(Role.ADMINISTRATOR))
    assert client.get(url).status_code == 200


def test_reordering_the_root_page_or_an_odd_position_is_refused_calmly(client):
    from tests.public_site.factories import StandardPageFactory, site_home

    home = StandardPageFactory(parent=site_home(), title="About", slug="about")
    sign_in(client, make_user(Role.ADMINISTRATOR))
    root = Page.get_first_root_node()
    assert client.post(f"/admin/pages/{root.pk}/set_position/").status_code == 404
    assert client.post(f"/admin/pages/{home.pk}/set_position/?position=-1").status_code == 400
    assert client.post(f"/admin/pages/{home.pk}/set_position/?position={HUGE}").status_code == 400
    assert client.post(f"/admin/pages/{home.pk}/set_position/?position=0").status_code == 200


@pytest.mark.processes
def test_impossible_ids_on_the_embedded_database_get_an_answer(embedded_site):
    printed = embedded_site.run(
        "from django.test import Client\n"
        "from pace_site.accounts.models import User\n"
        "from tests.helpers import sign_in\n"
        "client = Client(HTTP_HOST='localhost')\n"
        "sign_in(client, User.objects.get(email='admin@demo.pace.example'))\n"
        f"for url in {LISTINGS!r}:\n"
        "    print(client.get(url).status_code)\n"
    )
    assert printed.split() == ["200"] * len(LISTINGS)
