"""The HTTP answer that carries a document's file, for the page and the API alike."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from jisr.attachments.selectors import Download

# A downloaded document is shown by nothing of Jisr's: it is saved, and a browser that opens it anyway runs
# nothing it holds (no script, no form, no plugin). The type is the one read from the bytes at upload.
DOWNLOAD_POLICY = "default-src 'none'; sandbox"


def download_response(download: Download) -> HttpResponse:
    response = HttpResponse(download.content, content_type=download.attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(True, download.file_name) or "attachment"
    response["Content-Security-Policy"] = DOWNLOAD_POLICY
    return response
