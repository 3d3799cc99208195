"""The public API is what __all__ says, no more, no less."""

import storyline

EXPORTED = {
    "Document", "Evidence", "InputError", "Problem", "Segment", "Sentence", "Settings", "StoryRecord",
    "StorylineError", "UsageError", "__version__", "analyse_text", "brief_for", "ingest_paths", "load_settings", "open_store",
}


def test_exported_members() -> None:
    assert set(storyline.__all__) == EXPORTED
    for name in EXPORTED:
        assert hasattr(storyline, name)


def test_ingest_and_brief_through_the_api(tmp_path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Storm Hits Coast\n\nA storm hit the coast on Friday, closing two ports.", encoding="utf-8")
    report = storyline.ingest_paths([tmp_path / "in"], db=tmp_path / "s.db")
    assert report.added == ["a"] and report.exit_code == 0
    with storyline.open_store(tmp_path / "s.db") as store:
        b = storyline.brief_for(store)
    [story] = b["stories"]
    assert story["title"] == "Storm Hits Coast" and story["languages"] == ["en"]
    [summary] = story["summary"]
    ev = summary["evidence"][0]
    assert b["texts"]["a"][ev["start"] : ev["end"]] == summary["text"] == "A storm hit the coast on Friday, closing two ports."


def test_settings_layers(tmp_path, monkeypatch) -> None:
    cfg = tmp_path / "storyline.toml"
    cfg.write_text('db = "from-file.db"\nmax_bytes = 5\n', encoding="utf-8")
    monkeypatch.setenv("STORYLINE_MAX_BYTES", "7")
    s = storyline.load_settings(cfg)
    assert s.db == "from-file.db" and s.max_bytes == 7
    assert storyline.load_settings(cfg, max_bytes=9).max_bytes == 9
