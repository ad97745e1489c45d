"""Documents go through the serve view with an allow-list and a size limit; no SVG images."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents.forms import get_document_form
from wagtail.documents.models import Document
from wagtail.images.forms import get_image_form
from wagtail.images.models import Image

from .factories import make_pdf_document

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def test_svg_is_not_accepted_as_an_image():
    form = get_image_form(Image)(
        data={"title": "Logo"}, files={"file": SimpleUploadedFile("logo.svg", SVG, "image/svg+xml")}
    )
    assert not form.is_valid()
    assert "file" in form.errors


def test_documents_outside_the_allow_list_are_refused():
    form = get_document_form(Document)(
        data={"title": "Page"},
        files={"file": SimpleUploadedFile("page.html", b"<script>x</script>", "text/html")},
    )
    assert not form.is_valid()
    assert "file" in form.errors


def test_documents_over_the_size_limit_are_refused(settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    form = get_document_form(Document)(
        data={"title": "Big"},
        files={"file": SimpleUploadedFile("big.pdf", b"%PDF-1.4" + b"0" * 2048, "application/pdf")},
    )
    assert not form.is_valid()
    assert "too big" in str(form.errors["file"])


def test_the_size_limit_is_set():
    from django.conf import settings

    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 50 * 1024 * 1024
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS


def test_documents_are_served_by_the_app_not_the_media_folder(client):
    document = make_pdf_document()
    assert document.url == f"/documents/{document.pk}/{document.filename}"
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")
    assert client.get(f"/media/{document.file.name}").status_code == 404
