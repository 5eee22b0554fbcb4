"""A person of center A with a case there, and the documents folder in a temporary directory."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jisr.cases import services as case_services
from jisr.cases.models import Case
from jisr.people.models import Person
from tests.people.helpers import register


def png_bytes() -> bytes:
    """A real 1×1 PNG, built by hand from its chunks (independent of the code under test)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8" + b"\x00" * 40 + b"PE\x00\x00" + b"\x00" * 200


def upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    """A file as a browser sends it: the Content-Type claims whatever the name suggests."""
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def documents_folder(settings: Any, tmp_path: Path) -> Path:
    folder = tmp_path / "attachments"
    settings.JISR_ATTACHMENTS_DIR = folder
    return folder


def stored_files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


@pytest.fixture
def person(personas: Any) -> Person:
    return register(personas, first_name_ar="خديجة", last_name_ar="الفاسي", first_name_latin="Khadija",
                    last_name_latin="El Fassi", sex="F", cin="JA998877")  # fmt: skip


@pytest.fixture
def case(personas: Any, person: Person) -> Case:
    return case_services.case_open(acting_user=personas.worker_a, person=person, center=personas.center_a,
                                   reason="تبحث عن عمل بعد الطلاق", channel="walk_in",
                                   consent_obtained=True)  # fmt: skip
