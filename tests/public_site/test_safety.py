"""What must hold on the public site whatever happens to the page cache, and the limits that keep
odd requests from harming it: consent and privacy on cached pages, password guesses, request
sizes, restricted content, formula-safe exports, development images."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.models import PageViewRestriction

from home.models import StoryPage
from pace_site.accounts.roles import Role
from participation.models import Consent
from tests.befriending.factories import BefrienderFactory
from tests.factories import make_user
from tests.helpers import sign_in

from .factories import StandardPageFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def withdraw_without_any_reaction(consent):
    """A withdrawal whose purge and unpublishing never ran (Redis down then, a reaction failed)."""
    Consent.objects.filter(pk=consent.pk).update(withdrawn_at=timezone.now())


@pytest.fixture
def featured_story(story):
    story.is_featured = True
    story.save_revision().publish()
    return story


@pytest.mark.parametrize("url", ["/stories/joe/", "/stories/", "/"])
def test_a_cached_copy_is_never_served_after_the_story_permission_ends(client, featured_story, url):
    assert "Joe finds his voice" in client.get(url).content.decode()
    # The copy is in the cache now: a second visit is served from it.
    assert "Joe finds his voice" in client.get(url).content.decode()

    withdraw_without_any_reaction(featured_story.consent)

    assert StoryPage.objects.get(pk=featured_story.pk).live  # nothing took it down
    response = client.get(url)
    assert "Joe finds his voice" not in response.content.decode()
    if url == "/stories/joe/":
        assert response.status_code == 404


def test_a_page_made_private_is_not_served_from_the_cache(client, home):
    page = StandardPageFactory(parent=home, title="Soon private", slug="soon-private")
    client.get("/soon-private/")
    assert b"Text about about us." in client.get("/soon-private/").content

    PageViewRestriction.objects.create(page=page, restriction_type="login")

    response = client.get("/soon-private/")
    assert b"Text about about us." not in response.content
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_restriction_on_a_parent_page_covers_cached_copies_below_it(client, home):
    section = StandardPageFactory(parent=home, title="Section", slug="section")
    StandardPageFactory(parent=section, title="Inside", slug="inside")
    assert b"Text about about us." in client.get("/section/inside/").content
    client.get("/section/inside/")

    # Made behind the purge's back: the check on each hit still holds.
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=section, restriction_type="password", password="secret")]
    )
    assert b"Text about about us." not in client.get("/section/inside/").content


def test_pages_for_signed_in_people_send_visitors_to_sign_in_not_an_error(client, home):
    page = StandardPageFactory(parent=home, title="Members", slug="members")
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    response = client.get("/members/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/members/"


@override_settings(DEBUG=False)
def test_restricted_documents_send_visitors_to_sign_in_not_an_error(client):
    from wagtail.models import Collection, CollectionViewRestriction

    from .factories import make_pdf_document

    private = Collection.get_first_root_node().add_child(name="Staff only")
    document = make_pdf_document("Internal guide")
    document.collection = private
    document.save()
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    response = client.get(document.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_wrong_page_passwords_are_limited(client, home):
    page = StandardPageFactory(parent=home, title="Protected", slug="protected")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type="password", password="right"
    )
    url = f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"
    answers = [
        client.post(url, {"password": f"guess{n}", "return_url": "/protected/"}).status_code
        for n in range(11)
    ]
    assert answers == [200] * 10 + [429]
    # Even the right password waits now, and the page says so calmly.
    response = client.post(url, {"password": "right", "return_url": "/protected/"})
    assert response.status_code == 429
    assert "Please wait" in response.content.decode()
    assert 'class="exit-this-page' in response.content.decode()


def test_wrong_document_passwords_are_limited(client):
    from wagtail.models import Collection, CollectionViewRestriction

    private = Collection.get_first_root_node().add_child(name="Password")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type="password", password="right"
    )
    url = f"/documents/authenticate_with_password/{restriction.pk}/"
    answers = [
        client.post(url, {"password": f"guess{n}", "return_url": "/"}).status_code
        for n in range(11)
    ]
    assert answers == [200] * 10 + [429]


def test_a_right_password_first_time_is_let_through(client, home):
    page = StandardPageFactory(parent=home, title="Protected", slug="protected")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type="password", password="right"
    )
    url = f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"
    response = client.post(url, {"password": "right", "return_url": "/protected/"})
    assert response.status_code == 302


def test_an_oversized_anonymous_body_is_refused_before_it_is_read(client, tmp_path, settings):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    big = SimpleUploadedFile("big.bin", b"0" * (3 * 1024 * 1024), "application/octet-stream")
    response = client.post("/volunteer/", {"name": "A", "file": big})
    assert response.status_code == 413
    html = response.content.decode()
    assert "too much to send" in html
    assert 'class="exit-this-page' in html
    assert list(tmp_path.iterdir()) == []  # nothing was written to disk


def test_a_form_of_ordinary_size_still_arrives(client):
    response = client.post("/volunteer/", {"name": "x" * 1000})
    # Read in full: the form answers about the long name it received.
    assert response.status_code == 200
    assert "at most 150 characters" in response.content.decode()


def test_staff_uploads_in_the_admin_may_be_larger_but_not_unlimited(client, settings):
    editor = make_user(Role.EDITOR)
    sign_in(client, editor)
    ok = client.post(
        "/admin/documents/multiple/add/",
        {"files[]": SimpleUploadedFile("a.pdf", b"%PDF-1.4" + b"0" * (3 * 1024 * 1024))},
    )
    assert ok.status_code == 200 and ok.json()["success"] is True
    assert Document.objects.filter(file__startswith="documents/a").count() == 1
    settings.MAX_ADMIN_REQUEST_BODY = 1024 * 1024
    refused = client.post(
        "/admin/documents/multiple/add/",
        {"files[]": SimpleUploadedFile("a.pdf", b"%PDF-1.4" + b"0" * (2 * 1024 * 1024))},
    )
    assert refused.status_code == 413


def test_csv_exports_defuse_formulas_typed_into_public_forms(client):
    BefrienderFactory(name='=HYPERLINK("http://evil.example","Click")', region="+44 Leeds")
    coordinator = make_user(Role.BEFRIENDING_COORDINATOR)
    sign_in(client, coordinator)
    response = client.get("/admin/befriending/volunteers/?export=csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text and "\n=HYPERLINK" not in text
    assert "'+44 Leeds" in text


@pytest.mark.urls("tests.public_site.dev_media_urls")
def test_images_are_public_under_the_development_server(client, settings):
    # Where Wagtail writes renditions, which public pages show.
    folder = Path(settings.MEDIA_ROOT) / "images"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "demo.width-4.png").write_bytes(PNG)
    response = client.get(f"{settings.MEDIA_URL}images/demo.width-4.png")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    # Documents never come this way.
    assert client.get(f"{settings.MEDIA_URL}documents/guide.pdf").status_code in (302, 404)


def test_a_page_shared_with_a_password_asks_for_it_in_the_sites_own_look(client, home):
    page = StandardPageFactory(parent=home, title="Shared", slug="shared")
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="right")

    body = client.get("/shared/").content.decode()
    assert "<main" in body and 'class="exit-this-page' in body  # the product's page, not bare
    assert "<h1>Password needed</h1>" in body
    assert "You need a password to see this page." in body
    assert 'href="tel:' in body
    assert 'for="id_password"' in body

    restriction = PageViewRestriction.objects.get(page=page)
    url = f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"
    wrong = client.post(url, {"password": "wrong", "return_url": "/shared/"})
    assert wrong.status_code == 200
    assert "not correct" in wrong.content.decode()
    assert "Text about about us." not in client.get("/shared/").content.decode()
    assert client.post(url, {"password": "right", "return_url": "/shared/"}).status_code == 302
    assert "Text about about us." in client.get("/shared/").content.decode()
