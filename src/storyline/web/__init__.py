"""The web app and HTTP API (``storyline serve``)."""

from .app import create_app

__all__ = ["create_app"]
