"""Challenge reads. `points_for_source` is the interface the member API uses for
idempotent replays; the rest serve challenges.api, the services and the audit."""

from challenges.selectors.board import (
    challenge_get,
    challenge_list,
    challenge_row,
    leaderboard_page,
    leaderboard_row,
    me_row,
    standing_get,
    standing_row,
    visible_streak,
)
from challenges.selectors.ledger import (
    LIVE_AWARD,
    STANDING_FIELDS,
    Discrepancy,
    LedgerStanding,
    discrepancies,
    ledger_standings,
    participant_batches,
    points_for_source,
    streaks_from_ledger,
)

__all__ = [
    "LIVE_AWARD",
    "STANDING_FIELDS",
    "Discrepancy",
    "LedgerStanding",
    "challenge_get",
    "challenge_list",
    "challenge_row",
    "discrepancies",
    "leaderboard_page",
    "leaderboard_row",
    "ledger_standings",
    "me_row",
    "participant_batches",
    "points_for_source",
    "standing_get",
    "standing_row",
    "streaks_from_ledger",
    "visible_streak",
]
