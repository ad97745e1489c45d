"""A download leaves a file behind that Exit this page cannot remove: every download link says
so, with the cover-your-tracks link, and a guide's download comes after its contents."""

import pytest

from .factories import StandardPageFactory, make_pdf_document

pytestmark = pytest.mark.django_db

NOTE = "Exit this page cannot remove it"
TRACKS = '<a href="/support/cover-your-tracks/">How to cover your tracks</a>'


def test_a_guide_download_comes_after_the_contents_with_the_note(client, debt_bondage_guide):
    html = client.get(debt_bondage_guide.url).content.decode()
    contents = html.index('id="contents-heading"')
    download = html.index("Download this guide")
    assert contents < download < html.index('class="stream"')
    note = html[download : html.index('class="stream"')]
    assert NOTE in note and TRACKS in note
    assert 'aria-describedby="download-note"' in html and 'id="download-note"' in html


def test_a_document_link_in_a_page_carries_the_note(client, home):
    document = make_pdf_document("Leaflet (PDF)")
    page = StandardPageFactory(
        parent=home,
        title="Leaflets",
        slug="leaflets",
        body=[("document", {"document": document, "title": "Our leaflet"})],
    )
    html = client.get(page.url).content.decode()
    link = html[html.index(">Our leaflet</a>") :]
    assert NOTE in link[:600] and TRACKS in link[:600]
