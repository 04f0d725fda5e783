"""The login throttle counts an address once however it is typed: it spells it with
accounts.models.normalize_email, like the login views and the stored accounts."""

from __future__ import annotations

from accounts.throttle import login_attempt


def test_one_counter_per_address_whatever_the_letter_case_or_spaces(settings):
    settings.LOGIN_THROTTLE_PER_EMAIL, settings.LOGIN_THROTTLE_PER_IP = 2, 100
    spellings = ["ana@example.test", " Ana@Example.TEST", "ANA@EXAMPLE.TEST "]
    answers = [login_attempt(email=e, ip=f"10.0.0.{i}").allowed for i, e in enumerate(spellings)]
    assert answers == [True, True, False]
    assert login_attempt(email="someone.else@example.test", ip="10.0.0.9").allowed
