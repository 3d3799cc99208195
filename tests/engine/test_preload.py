"""The fork server warmed up on the batch's first document (issue 17): the
workers inherit the built pipeline, and a two-worker run still stores what
one worker stores."""

from __future__ import annotations

import base64
import json
import multiprocessing
import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from storyline.engine import local
from storyline.engine.analysis import AnalysisSpec
from storyline.engine.preload import WARM_ENV, encode
from storyline.records import Document
from storyline.settings import Settings

from .helpers import light_steps

pytestmark = pytest.mark.skipif("forkserver" not in multiprocessing.get_all_start_methods(), reason="no fork server on this platform")

DOC = Document(id="w1", text="Trajektna linija između Splita i Supetra ponovno radi nakon dva dana prekida zbog bure.", origin="w1.txt")


@pytest.fixture()
def handed(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """What the environment holds under WARM_ENV when the fork server would start (none starts)."""
    seen: list[str | None] = []
    monkeypatch.setattr(local.multiprocessing.forkserver, "ensure_running", lambda: seen.append(os.environ.get(WARM_ENV)))
    return seen


def test_the_fork_server_is_handed_the_first_document_then_the_environment_is_clean(handed: list[str | None]) -> None:
    spec = AnalysisSpec(Settings(workers=2))
    local.ProcessPool(spec, 2)._start_fork_server(DOC)
    assert len(handed) == 1 and handed[0] is not None
    assert pickle.loads(base64.b64decode(handed[0])) == (spec, DOC)
    assert WARM_ENV not in os.environ


def test_no_warm_up_for_explicit_steps_a_replaced_pool_or_a_huge_document(handed: list[str | None]) -> None:
    local.ProcessPool(AnalysisSpec(Settings(), tuple(light_steps()), "t"), 2)._start_fork_server(DOC)
    replaced = local.ProcessPool(AnalysisSpec(Settings()), 2)
    replaced._generation = 1
    replaced._start_fork_server(DOC)
    huge = Document(id="w2", text="Bura. " * (local.WARM_MAX_CHARS // 4), origin="w2.txt")
    local.ProcessPool(AnalysisSpec(Settings()), 2)._start_fork_server(huge)
    assert handed == [None, None, None]  # the fork server still starts, without a warm-up


@pytest.mark.parametrize("backend", ["entities.llm.v1", "entities.hf.v1", "entities.gliner.v1", "entities.classla.v1"])
def test_no_warm_up_with_an_optional_entity_backend(handed: list[str | None], backend: str) -> None:
    """A server call, a download or CUDA started in the fork server would be paid twice or break the workers."""
    local.ProcessPool(AnalysisSpec(Settings(entities_backend=backend)), 2)._start_fork_server(DOC)
    assert handed == [None]


def _python(code: str, env: dict[str, str] | None = None) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=300, env={**os.environ, **(env or {})}
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


STATE = """
    import gc, json, os
    import storyline.engine.preload as preload
    from storyline.engine import analysis
    from storyline.extract import gazetteer
    print(json.dumps({
        "warmed": preload.WARMED, "pipelines": len(analysis._PIPELINES), "frozen": gc.get_freeze_count() > 0,
        "names": gazetteer._name_frequencies.cache_info().currsize, "env": os.environ.get(preload.WARM_ENV),
    }))
"""


def test_importing_preload_builds_the_pipeline_and_takes_the_document_out_of_the_environment() -> None:
    state = _python(STATE, {WARM_ENV: encode(AnalysisSpec(Settings(workers=2)), DOC)})
    assert state == {"warmed": True, "pipelines": 1, "frozen": True, "names": 1, "env": None}


def test_a_warm_up_that_fails_leaves_the_fork_server_running_cold() -> None:
    state = _python(STATE, {WARM_ENV: "not base64 of a pickle"})
    assert state["warmed"] is False and state["pipelines"] == 0 and state["env"] is None


def test_two_warmed_workers_store_what_one_worker_stores(tmp_path: Path) -> None:
    """In a fresh process, so that its fork server is started (and warmed) by this batch."""
    folder = tmp_path / "in"
    folder.mkdir()
    texts = {
        "b1.txt": "Vatrogasci ugasili požar u Karlovcu\n\nVatrogasci su u četvrtak ugasili požar u skladištu u Karlovcu. "
        "Zapovjednik Dario Lovrić rekao je da je sudjelovalo 40 vatrogasaca.",
        "b2.txt": "Нова линија аутобуса у Новом Саду\n\nГрадски превоз у Новом Саду у понедељак уводи нову линију, "
        "рекао је директор предузећа Милан Петровић.",
        "b3.txt": "Council backs new tram line\n\nThe council in Leeds approved a new tram line on Monday, "
        "said the transport chief, Helen Osei, after a vote of 31 to 12.",
        "b4.txt": "Škola u Sisku dobila novu dvoranu\n\nU Sisku je u petak otvorena nova školska dvorana vrijedna 2,5 milijuna eura, "
        "izjavila je ravnateljica Ivana Babić.",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    code = f"""
        import json
        from pathlib import Path
        from storyline import service
        from storyline.engine import local
        from storyline.settings import Settings
        from storyline.store import SQLiteStore
        from storyline.store.sql import extraction_payload
        from tests.engine.helpers import worker_warmed

        def snapshot(workers):
            with SQLiteStore(Path({str(tmp_path)!r}) / f"w{{workers}}.db") as store:
                report = service.ingest([Path({str(folder)!r})], store, Settings(workers=workers))
                docs = sorted((d.id, d.language, len(d.mentions), extraction_payload(d)) for d in store.documents())
                return report.added, docs, store.story_units()

        if __name__ == "__main__":
            one, two = snapshot(1), snapshot(2)
            pool = local.ProcessPool(local.AnalysisSpec(Settings(workers=1)), 1)
            try:
                warmed = pool._start().submit(worker_warmed).result()
            finally:
                pool.close()
            print(json.dumps({{"same": json.dumps(one, default=str) == json.dumps(two, default=str), "added": len(two[0]), "warmed": warmed}}))
    """
    script = tmp_path / "two_workers.py"
    script.write_text(textwrap.dedent(code), encoding="utf-8")
    root = str(Path(__file__).parents[2])  # where ``tests`` is importable from, in the script and its workers
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, cwd=root, env=env)
    assert done.returncode == 0, done.stderr
    state = json.loads(done.stdout.strip().splitlines()[-1])
    assert state == {"same": True, "added": 4, "warmed": True}
