"""The demo's pictures and documents, drawn and written here (no files to ship), made once."""

import colorsys
import hashlib
import io
import random
import textwrap
import zlib

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cms.demo.publishing import ascii_slug


def _png(colour, label):
    """A piece of generated abstract artwork in the art's colour, the same for the same label:
    a soft gradient with translucent discs, bands and arcs (no text: the alt text names it)."""
    from PIL import Image as PILImage
    from PIL import ImageColor, ImageDraw

    rng = random.Random(hashlib.sha256(label.encode()).digest())
    width, height = 960, 540
    base = ImageColor.getrgb(colour)
    dark = tuple(int(c * 0.35) for c in base)
    light = tuple(int(c + (255 - c) * 0.6) for c in base)
    accent = tuple(255 - c for c in base)
    picture = PILImage.new("RGB", (width, height), dark)
    draw = ImageDraw.Draw(picture)
    for y in range(height):  # a vertical gradient from the dark shade to the colour
        t = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(d + (b - d) * t) for d, b in zip(dark, base, strict=True)),
        )
    layer = PILImage.new("RGBA", (width, height), (0, 0, 0, 0))
    shapes = ImageDraw.Draw(layer)
    palette = [base, light, accent, (255, 255, 255)]
    for _ in range(rng.randint(7, 12)):
        fill = (*rng.choice(palette), rng.randint(40, 140))
        x, y, r = rng.randint(-100, width), rng.randint(-100, height), rng.randint(40, 260)
        kind = rng.random()
        if kind < 0.45:
            shapes.ellipse((x - r, y - r, x + r, y + r), fill=fill)
        elif kind < 0.75:
            shapes.rounded_rectangle(
                (x, y, x + r * 2, y + rng.randint(20, 80)), radius=12, fill=fill
            )
        else:
            shapes.arc((x - r, y - r, x + r, y + r), rng.randint(0, 180), 360, fill=fill, width=14)
    picture = PILImage.alpha_composite(picture.convert("RGBA"), layer).convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def ensure_images(arts):
    """A picture for each art (site.toml's `arts`), by tag, in the art's colour."""
    Image = get_image_model()
    images = {}
    for tag, art in arts.items():
        name = art["name"]
        title = f"Demo – {name}"
        image = Image.objects.filter(title=title).first()
        if image is None:
            data = _png(art["colour"], name.upper())
            image = Image(title=title)
            image.file = ImageFile(io.BytesIO(data), name=f"demo-{tag}.png")
            image.save()
        images[tag] = image
    return images


#: The emblems a logo is drawn on, chosen from the organisation's slug.
LOGO_SHAPES = ("circle", "rounded", "hexagon", "diamond")
LOGO_SIZE = 240


def _logo_colour(slug):
    """A deep colour of its own for each organisation (white letters read well on it)."""
    seed = zlib.crc32(slug.encode())
    hue, saturation = (seed % 360) / 360, 0.45 + (seed >> 9) % 25 / 100
    return tuple(round(c * 255) for c in colorsys.hls_to_rgb(hue, 0.33, saturation))


def _logo_png(initials, slug):
    """An organisation's logo: a simple geometric emblem in the colour of its slug, its
    initials in white at its centre, with a thin ring; the same each time for the same slug."""
    from PIL import Image as PILImage
    from PIL import ImageDraw, ImageFont

    size, seed = LOGO_SIZE, zlib.crc32(slug.encode())
    scale = 2  # drawn large, then reduced: smooth edges without an antialiasing library
    big = size * scale
    colour = _logo_colour(slug)
    light = tuple(c + (255 - c) * 3 // 4 for c in colour)
    picture = PILImage.new("RGBA", (big, big), (255, 255, 255, 0))
    draw = ImageDraw.Draw(picture)
    margin, centre = big // 16, big // 2
    box = (margin, margin, big - margin, big - margin)
    shape = LOGO_SHAPES[seed % len(LOGO_SHAPES)]
    if shape == "circle":
        draw.ellipse(box, fill=colour)
    elif shape == "rounded":
        draw.rounded_rectangle(box, radius=big // 6, fill=colour)
    else:
        sides, rotation = (6, 30) if shape == "hexagon" else (4, 0)
        draw.regular_polygon((centre, centre, centre - margin), sides, rotation, fill=colour)
    inner = big // 2 - big // 6
    draw.ellipse(
        (centre - inner, centre - inner, centre + inner, centre + inner),
        outline=light,
        width=scale * 3,
    )
    font = ImageFont.load_default(size=big * (38 if len(initials) < 2 else 30) // 100)
    draw.text((centre, centre), initials, fill=(255, 255, 255), font=font, anchor="mm")
    picture = picture.resize((size, size), PILImage.BICUBIC)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


def ensure_logo(slug, name, initials):
    """The demo logo of the organisation `slug` (made once), titled after its `name`."""
    Image = get_image_model()
    title = f"Logo – {name}"
    image = Image.objects.filter(title=title).first()
    if image is None:
        image = Image(title=title)
        image.file = ImageFile(io.BytesIO(_logo_png(initials, slug)), name=f"logo-{slug}.png")
        image.save()
    return image


#: What every demo document says of its publisher, on its last page.
ABOUT = (
    "LIKE brings together local and regional authorities, cultural actors and citizens from all "
    "over Europe. Founded in 1994 as Les Rencontres, the network has its secretariat in Lille.",
    "Every year: a General Assembly and Conference in the European Capital of Culture, national "
    "meetings every semester, thematic meetings, and a regional or bilateral meeting. About 300 "
    "professionals take part in our three meetings a year, and every conference report is "
    "published online.",
)


def _pdf_text(value):
    data = value.encode("cp1252", "replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _pdf_page(lines):
    """A page's content stream: `lines` of (font size, text), from the top, Helvetica."""
    parts, y = [b"BT"], 760
    for size, text in lines:
        y -= int(size * 1.5)
        font = b"/F2" if size > 12 else b"/F1"
        parts.append(font + b" %d Tf 1 0 0 1 72 %d Tm (" % (size, y) + _pdf_text(text) + b") Tj")
    parts.append(b"ET")
    return b"\n".join(parts)


def _pdf(title, paragraphs=()):
    """A real, multi-page PDF document with selectable text: a title page, the publication's
    own text, wrapped, and a page about the network."""
    pages = [[(24, line) for line in textwrap.wrap(title, 40)] + [(12, ""), (12, "LIKE, Lille")]]
    body = []
    for paragraph in [*paragraphs, *ABOUT]:
        body += [(11, line) for line in textwrap.wrap(paragraph, 88)] + [(11, "")]
    for start in range(0, len(body), 40):
        pages.append([(16, title[:60])] + body[start : start + 40])
    streams = [_pdf_page(lines) for lines in pages]
    count = len(streams)
    # Objects: 1 catalog, 2 pages, 3-4 fonts, then a page and its content stream per page.
    kids = " ".join(f"{5 + 2 * i} 0 R" for i in range(count)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    for i, stream in enumerate(streams):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>" % (6 + 2 * i)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body_bytes in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body_bytes + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def ensure_document(title, paragraphs=()):
    """The PDF document `title` (made once), its text `paragraphs` after a title page."""
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title)
        data = _pdf(title, paragraphs)
        document.file.save(f"{ascii_slug(title)}.pdf", ContentFile(data), save=False)
        document.save()
    return document
