"""The demo's pictures and documents look like the real thing to someone evaluating the site:
varied artwork rather than blank rectangles, and PDFs with pages of readable text."""

import io
import re

from PIL import Image

from cms.demo.media import _logo_colour, _logo_png, _pdf, _png


def test_pictures_are_varied_artwork_without_a_label():
    """Each art gets its own picture (many colours, not a flat rectangle), the same each time
    the demo is built."""
    photography = Image.open(io.BytesIO(_png("#2f6f8f", "PHOTOGRAPHY")))
    dance = _png("#8f2f5a", "CONTEMPORARY DANCE")
    assert photography.size == (960, 540)
    assert len(photography.getcolors(maxcolors=1_000_000)) > 200
    assert dance != _png("#2f6f8f", "PHOTOGRAPHY")
    assert _png("#8f2f5a", "CONTEMPORARY DANCE") == dance


def test_documents_have_a_title_page_and_pages_of_their_text():
    """A publication's PDF opens on its title, then holds its summary and a page about the
    network, wrapped over as many pages as it needs; brackets and accents are kept."""
    summary = "How cities fund cultural centres (and why it matters). " * 80
    data = _pdf("Conference report – Oulu (2026)", [summary])
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    pages = int(re.search(rb"/Count (\d+)", data).group(1))
    assert pages >= 3 and data.count(b"/Type /Page ") == pages
    assert b"(Conference report \x96 Oulu \\(2026\\)) Tj" in data
    assert b"How cities fund cultural centres \\(and why it matters\\)." in data
    assert b"(LIKE brings together" in data
    xref = int(data.rsplit(b"startxref", 1)[1].split()[0])
    assert data[xref : xref + 4] == b"xref"


def test_logos_are_emblems_with_the_initials_in_a_colour_of_their_own():
    """An organisation's demo logo is a coloured emblem with its initials in white, on a
    transparent ground; each organisation has its own colour, the same each time."""
    logo = Image.open(io.BytesIO(_logo_png("CA", "culture-action-europe")))
    assert logo.size == (240, 240) and logo.mode == "RGBA"
    assert logo.getpixel((0, 0))[3] == 0  # the corner is transparent
    colours = {colour for _count, colour in logo.getcolors(maxcolors=1_000_000)}
    assert (255, 255, 255, 255) in colours  # the white letters
    assert _logo_colour("culture-action-europe") != _logo_colour("res-artis")
    assert _logo_png("CA", "culture-action-europe") == _logo_png("CA", "culture-action-europe")
    assert _logo_png("RA", "res-artis") != _logo_png("CA", "culture-action-europe")
