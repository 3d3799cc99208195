"""Reconciliation across a story's documents: figures, claims, conflicts, timeline, summary."""
