"""What Claude is told about the member, and the response-cache key derived from it.

The prompt carries rounded figures (calories to 50 kcal, protein to 5 g, weight to
0.5 kg) and no name or email: members whose context rounds alike, and one member on
consecutive days of similar eating, ask the same question into the same cache entry.
The cache key digests the exact prompt text, so an answer is only reused for the very
context that shaped it.
"""

from __future__ import annotations

import hashlib
import json
import string
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

CONTEXT_DAYS = 7  # the full days before today that the averages cover
WEIGHT_POINTS = 4  # latest check-ins used for the weight trend

# ASCII punctuation plus the typographic marks phone keyboards insert.
_PUNCTUATION = string.punctuation + "\u00bf\u00a1\u2026\u201c\u201d\u2018\u2019 "


@dataclass(frozen=True)
class CoachContext:
    goal: str
    calorie_target: int | None
    protein_target: int | None
    active_days: int  # days with any log among the CONTEXT_DAYS
    meal_days: int  # days with a meal log among them
    calories: int | None  # summed over meal days
    protein: Decimal | None
    trainings: int
    water: int
    weights: tuple[tuple[date, Decimal], ...]  # newest first


def _round_to(value: float, step: float) -> float:
    return round(value / step) * step


def _fmt(value: float) -> str:
    return f"{value:g}"


def _eating_line(ctx: CoachContext) -> str:
    if not ctx.meal_days or ctx.calories is None:
        return "- Meals: none logged in the last 7 days."
    calories = _round_to(ctx.calories / ctx.meal_days, 50)
    protein = _round_to(float(ctx.protein or 0) / ctx.meal_days, 5)
    return (
        f"- Meals: logged on {ctx.meal_days} of the last 7 days; on those days about "
        f"{_fmt(calories)} kcal and {_fmt(protein)} g protein a day."
    )


def _weight_line(ctx: CoachContext) -> str:
    if not ctx.weights:
        return "- Weight: no check-ins yet."
    latest = _round_to(float(ctx.weights[0][1]), 0.5)
    if len(ctx.weights) == 1:
        return f"- Weight: {_fmt(latest)} kg at the only check-in."
    first_date, first_weight = ctx.weights[-1]
    change = _round_to(float(ctx.weights[0][1] - first_weight), 0.5)
    weeks = max(1, round((ctx.weights[0][0] - first_date).days / 7))
    trend = "stable" if change == 0 else f"{change:+g} kg"
    return f"- Weight: {_fmt(latest)} kg now; {trend} over the last {weeks} week(s)."


def system_prompt(ctx: CoachContext) -> str:
    targets = []
    if ctx.calorie_target:
        targets.append(f"{ctx.calorie_target} kcal")
    if ctx.protein_target:
        targets.append(f"{ctx.protein_target} g protein")
    lines = [
        "You are the GymIntel coach: a friendly, practical nutrition and training coach "
        "answering a gym member in a mobile app. Answer in under 200 words, concretely, "
        "using the member's figures below when they help. You are not a doctor: for pain, "
        "injury, illness or medication, advise seeing a professional.",
        "",
        "The member (figures rounded; today's logs not included):",
        f"- Goal: {ctx.goal.strip() or 'not stated'}.",
        f"- Daily targets set by their coach: {', '.join(targets) or 'none set'}.",
        _eating_line(ctx),
        f"- Activity: logs on {ctx.active_days} of the last 7 days; "
        f"{ctx.trainings} training session(s), {ctx.water} water log(s).",
        _weight_line(ctx),
    ]
    return "\n".join(lines)


def normalize_question(text: str) -> str:
    """Lowercased, whitespace collapsed, punctuation trimmed at both ends."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(text.split()).strip(_PUNCTUATION)


def cache_key(*, question: str, system: str, model: str) -> str:
    context_digest = hashlib.sha256(system.encode()).hexdigest()
    material = "\x00".join([normalize_question(question), context_digest, model])
    return hashlib.sha256(material.encode()).hexdigest()


# --- Meal estimates from a photo ------------------------------------------------------

MEAL_MAX_CALORIES = 5000  # one plate; a photo showing more is misread, not a feast
MEAL_MAX_PROTEIN = 500  # grams
MEAL_DESCRIPTION_MAX = 200  # characters: it prefills the meal's name in the app
MEAL_TOOL_NAME = "record_meal_estimate"

MEAL_ESTIMATE_SYSTEM = (
    "You estimate the nutrition of a meal from one photo, for a gym member logging what "
    "they eat in a mobile app. Look at the food and portion sizes, take the member's note "
    "into account when there is one, and record your best single estimate for the whole "
    "plate with the record_meal_estimate tool. If no food is visible, say so in the "
    "description and estimate 0."
)

MEAL_TOOL = {
    "name": MEAL_TOOL_NAME,
    "description": "Record the estimated nutrition of the meal in the photo.",
    "input_schema": {
        "type": "object",
        "properties": {
            "description": {
                "type": "string",
                "maxLength": MEAL_DESCRIPTION_MAX,
                "description": "A short name for the meal, e.g. 'Chicken, rice and broccoli'.",
            },
            "estimated_calories": {
                "type": "integer",
                "minimum": 0,
                "maximum": MEAL_MAX_CALORIES,
                "description": "Energy of the whole plate in kcal.",
            },
            "estimated_protein": {
                "type": "number",
                "minimum": 0,
                "maximum": MEAL_MAX_PROTEIN,
                "description": "Protein of the whole plate in grams.",
            },
        },
        "required": ["description", "estimated_calories", "estimated_protein"],
        "additionalProperties": False,
    },
}


def meal_note_text(note: str) -> str:
    note = " ".join(note.split())
    return f"The member's note: {note}" if note else "The member added no note."


def meal_estimate_cache_key(*, image_digest: str, note: str, model: str) -> str:
    """The same re-encoded photo with the same note (case, spacing and end punctuation
    aside), asked of the same model with the same instructions, gets the cached
    estimate. The prompt and the tool are part of the key, so changing either never
    serves an estimate they did not shape."""
    instructions = hashlib.sha256(
        (MEAL_ESTIMATE_SYSTEM + json.dumps(MEAL_TOOL, sort_keys=True)).encode()
    ).hexdigest()
    # The note as the chat normalizes a question: "No dressing." and "no dressing" alike.
    material = "\x00".join(
        ["meal-estimate", image_digest, normalize_question(note), model, instructions]
    )
    return hashlib.sha256(material.encode()).hexdigest()
