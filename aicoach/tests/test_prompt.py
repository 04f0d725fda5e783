"""Question normalization and the cache key."""

from __future__ import annotations

from aicoach.prompt import cache_key, normalize_question


def test_questions_are_normalized_by_case_spacing_and_trailing_punctuation():
    assert normalize_question("  How  much\tPROTEIN?! ") == "how much protein"
    assert normalize_question("\u00bfQu\u00e9 como hoy\u2026") == "qu\u00e9 como hoy"
    assert normalize_question("2,000 kcal: too much?") == "2,000 kcal: too much"


def test_the_key_depends_on_question_context_and_model():
    base = cache_key(question="Protein?", system="ctx A", model="m1")

    assert cache_key(question="protein", system="ctx A", model="m1") == base
    assert cache_key(question="Carbs?", system="ctx A", model="m1") != base
    assert cache_key(question="Protein?", system="ctx B", model="m1") != base
    assert cache_key(question="Protein?", system="ctx A", model="m2") != base
    assert len(base) == 64
