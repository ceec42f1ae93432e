"""Import briefs: a file (or bytes) -> normalised text, title, author, format and content hash.

Plain text and Markdown are kept as written (newlines normalised); HTML is reduced to its main
text. Nothing here knows about Textual or the database.
"""

from __future__ import annotations

from briefreader.ingest.core import SUPPORTED_SUFFIXES, ingest_bytes, ingest_file
from briefreader.ingest.files import iter_brief_files
from briefreader.ingest.model import IngestedBrief, IngestError
from briefreader.ingest.names import printable_name, storable_name

__all__ = [
    "SUPPORTED_SUFFIXES",
    "IngestError",
    "IngestedBrief",
    "ingest_bytes",
    "ingest_file",
    "iter_brief_files",
    "printable_name",
    "storable_name",
]
