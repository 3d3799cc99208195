"""Command-line interface: one module per command, each parsing and calling a plain function."""

from .app import app, main

__all__ = ["app", "main"]
