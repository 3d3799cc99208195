"""The first document a process analyses or writes loads with the cyclic collector waiting (engine.analysis.first_load)."""

from __future__ import annotations

import gc

import pytest

from storyline.engine import analysis


def test_collector_waits_for_the_first_document_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(analysis, "_LOADED", False)
    seen = []
    try:
        with pytest.raises(RuntimeError), analysis.first_load():
            seen.append(gc.isenabled())
            raise RuntimeError("a failed first document")
        assert gc.isenabled() and analysis._LOADED  # enabled again whatever happened
        with analysis.first_load():
            seen.append(gc.isenabled())
        assert seen == [False, True]
        assert gc.get_freeze_count() > 0  # what the first document loaded is left out of later collections
    finally:
        gc.unfreeze()
        gc.enable()
