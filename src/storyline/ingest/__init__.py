"""Ingest: readers for text, HTML and JSON inputs, metadata sidecars, deduplication."""

from .readers import FORMATS, Manifest, content_hash, iter_documents, read_file, read_inputs

__all__ = ["FORMATS", "Manifest", "content_hash", "iter_documents", "read_file", "read_inputs"]
