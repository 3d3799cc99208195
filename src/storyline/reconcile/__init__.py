"""Reconciliation across a story's documents: figures, claims, conflicts, timeline, summary.

:func:`reconcile` is the stage's entry point: a story's stored documents in,
a typed :class:`~storyline.reconcile.model.StoryBrief` out.
"""

from .model import StoryBrief
from .story import reconcile

__all__ = ["StoryBrief", "reconcile"]
