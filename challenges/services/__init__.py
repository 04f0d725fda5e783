"""Challenge writes.

INTERFACE (called by members.services inside the caller's transaction, right after the
insert or right before the delete):
    score_log(*, log) -> int        points the log earned the member (all challenges)
    unscore_log(*, log) -> int      points taken back before the log is deleted
    score_checkin(*, checkin) -> int
"""

from challenges.services.opening import OpeningStanding, participants_import
from challenges.services.participation import challenge_join
from challenges.services.scoring import score_checkin, score_log, unscore_checkin, unscore_log
from challenges.services.standings import standings_repair

__all__ = [
    "OpeningStanding",
    "challenge_join",
    "participants_import",
    "score_checkin",
    "score_log",
    "standings_repair",
    "unscore_checkin",
    "unscore_log",
]
