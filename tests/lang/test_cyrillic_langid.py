"""Serbian in Cyrillic is detected as Serbian, not Macedonian, Bulgarian,
Russian or Ukrainian (own sentences)."""

from __future__ import annotations

import pytest

from storyline.anatomy.langid import get_identifier


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Министарка је јуче рекла да ће нови мост бити отворен до краја године.", "sr"),
        ("Ђаци су се вратили у школе после распуста.", "sr"),
        ("Нови закон о раду ступа на снагу у понедељак.", "sr"),  # lingua's first stage says Ukrainian
        ("Новият закон влиза в сила в понеделник.", "bg"),
        ("Нов закон за работа влегува во сила во понеделник.", "mk"),
        ("Новый закон вступает в силу в понедельник.", "ru"),
        ("Президент України заявив, що переговори тривають.", "uk"),
    ],
)
def test_cyrillic_languages(text: str, language: str) -> None:
    assert get_identifier("langid.lingua.v1").detect(text).language == language
