"""Model backends. Each registers itself by versioned name; optional ones
import their libraries only when built, and say which extra to install."""

from . import spacy_en  # noqa: F401  (registers entities.spacy.v1)
from . import hbs_crf  # noqa: F401  (registers entities.hbs.v1)
from . import optional  # noqa: F401  (registers gliner, classla, llm)
from . import spacy_other  # noqa: F401  (registers entities.spacy_fr.v1)
