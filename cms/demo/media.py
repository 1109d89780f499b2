"""The demo's pictures and documents, drawn and written here (no files to ship), made once."""

import io

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cms.demo.publishing import ascii_slug


def _png(colour, label):
    from PIL import Image as PILImage
    from PIL import ImageDraw

    picture = PILImage.new("RGB", (960, 540), colour)
    draw = ImageDraw.Draw(picture)
    draw.rectangle((40, 40, 920, 500), outline="#ffffff", width=6)
    draw.text((80, 80), label, fill="#ffffff")
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
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


def _pdf(title):
    text = title.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 18 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def ensure_document(title):
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title)
        document.file.save(f"{ascii_slug(title)}.pdf", ContentFile(_pdf(title)), save=False)
        document.save()
    return document
