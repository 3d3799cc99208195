"""Warms the fork server up before it forks workers (imported only there, by ``local.PRELOAD``).

Each worker used to build its own models and tables at its first document
(the hbs CRF, language data, word lists, lingua's models, spaCy for
English): about 0.3 CPU-seconds a worker for Croatian, over a second for
English (issue 17), and the name frequency table at the first name that
needs it (0.1-0.3 s). The fork server now analyses the batch's first
document once, which loads all of that for its language, and freezes the
collector (``gc.freeze``), so the workers forked from it inherit the loaded
pipeline copy-on-write instead of building it again. The result is thrown
away: the workers analyse that document as any other, with the same
answers (what the warm-up leaves behind is loaded data and the bounded
caches of pure functions).

The writer hands the document over in :data:`WARM_ENV` (base64 of a
pickle of the spec and the document) for the moment it starts the fork
server; this module takes it out of the environment, so the workers do not
carry it. Without it (a fork server started by something else), nothing
is warmed. A failure here only costs the warm-up: the fork server must
start whatever happens (an exception other than ImportError would stop it).
"""

from __future__ import annotations

import base64
import gc
import logging
import os
import pickle

log = logging.getLogger(__name__)

WARM_ENV = "STORYLINE_FORKSERVER_WARM"


def encode(spec: object, doc: object) -> str:
    """What the writer puts in :data:`WARM_ENV`."""
    return base64.b64encode(pickle.dumps((spec, doc), protocol=pickle.HIGHEST_PROTOCOL)).decode("ascii")


def warm_from_environment() -> bool:
    """Analyse the document handed over in :data:`WARM_ENV`, if any; True when it ran."""
    value = os.environ.pop(WARM_ENV, "")
    if not value:
        return False
    try:
        from ..extract.gazetteer import given_name_frequency
        from .analysis import analyse_prepared

        spec, doc = pickle.loads(base64.b64decode(value))  # noqa: S301 - written by this process's parent
        analyse_prepared(doc, spec)
        # Read at the first name with two given-name readings, which one
        # document may lack and most batches of news have (0.1-0.3 s, ~8 MB).
        given_name_frequency("", ())
    except Exception:
        log.warning("the fork server could not warm the pipeline up; each worker builds its own", exc_info=True)
        return False
    finally:
        # Everything loaded so far lives as long as the process: left out of
        # later collections, whose passes would otherwise write to (and so
        # copy) every page of it in each worker.
        gc.freeze()
    return True


# Whether this process (and so every worker forked from it) holds the warmed pipeline.
WARMED = warm_from_environment()
