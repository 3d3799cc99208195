"""Model backends. Each registers itself by versioned name; optional ones
import their libraries only when built, and say which extra to install."""

from . import (
    hbs_crf,  # noqa: F401  (registers entities.hbs.v1)
    optional,  # noqa: F401  (registers gliner, classla, llm)
    spacy_en,  # noqa: F401  (registers entities.spacy.v1)
    spacy_other,  # noqa: F401  (registers entities.spacy_fr.v1)
)
