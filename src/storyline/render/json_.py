"""brief.json: the machine-readable contract."""

from __future__ import annotations

import json
from typing import Any

from ..registry import renderers


@renderers.register("json", "brief.json, schema storyline.brief/1")
def render_json(brief: dict[str, Any]) -> tuple[str, str]:
    return "brief.json", json.dumps(brief, ensure_ascii=False, indent=2) + "\n"
