"""One step per old table, in the order their references need (docs/MIGRATION.md)."""

from legacy.steps.challenges import ChallengesStep, ParticipantsStep
from legacy.steps.history import CheckInsStep, LogsStep, MealsStep
from legacy.steps.people import CoachAssignmentsStep, GymsStep, MembersStep, StaffStep

STEPS = (
    GymsStep,
    MembersStep,
    StaffStep,
    CoachAssignmentsStep,
    MealsStep,
    LogsStep,
    CheckInsStep,
    ChallengesStep,
    ParticipantsStep,
)

__all__ = ["STEPS"]
