"""Documentation is complete: every setting, command and backend is in the README."""

from pathlib import Path

from storyline.cli import app
from storyline.registry import langid, renderers
from storyline.settings import SETTINGS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented() -> None:
    for s in SETTINGS:
        assert f"`{s.name}`" in README, s.name


def test_every_command_is_documented() -> None:
    for cmd in app.registered_commands:
        name = cmd.name or cmd.callback.__name__
        assert f"storyline {name}" in README, name


def test_every_backend_and_format_is_documented() -> None:
    for name in [*langid.names(), *renderers.names()]:
        assert f"`{name}`" in README, name


def test_readme_has_the_two_setup_commands() -> None:
    assert "pip install -e . && storyline run examples/ --out out/" in README
    command = "bash scripts/browser.sh; pip install -e '.[test]' && pytest"
    assert command in README
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()
    assert command in ci
