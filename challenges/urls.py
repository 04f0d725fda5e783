"""API routes of challenges (mounted under /api/)."""

from django.urls import path

from challenges.api import (
    ChallengeJoinApi,
    ChallengeLeaderboardApi,
    ChallengeListApi,
    ChallengeMeApi,
)

urlpatterns = [
    path("challenges/", ChallengeListApi.as_view(), name="challenges"),
    path("challenges/<int:challenge_id>/join/", ChallengeJoinApi.as_view(), name="challenge-join"),
    path("challenges/<int:challenge_id>/me/", ChallengeMeApi.as_view(), name="challenge-me"),
    path(
        "challenges/<int:challenge_id>/leaderboard/",
        ChallengeLeaderboardApi.as_view(),
        name="challenge-leaderboard",
    ),
]
