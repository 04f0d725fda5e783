"""What seeded members asked the AI coach, and the short answers they received.

Questions a member of a gym would ask about eating; answers in the coach's own kind,
brief manner. Nothing here is sent to a model: the seed writes the pairs as history.
"""

from __future__ import annotations

# Asked whatever the member's goal.
GENERAL = [
    (
        "Is it bad that I skipped breakfast today?",
        "Not at all. What counts is the whole day: if lunch and dinner bring you close to "
        "your calorie and protein targets, you're on track. Add a yogurt or a shake if you "
        "get hungry mid-morning.",
    ),
    (
        "How much water should I drink on training days?",
        "Aim for about 2 to 3 litres, plus a glass or two for every hour of training. Pale "
        "yellow urine is a good sign you're getting enough.",
    ),
    (
        "I went over my calories at a birthday dinner. What should I do tomorrow?",
        "Nothing special: one generous meal doesn't undo a good week. Go back to your usual "
        "meals tomorrow and don't try to make up for it by starving yourself.",
    ),
    (
        "What's a good snack before an evening workout?",
        "Something light with carbs about an hour before: a banana, a rice cake with honey "
        "or a small yogurt. Keep the bigger meal for after the session.",
    ),
    (
        "Are protein bars a good idea?",
        "They're handy on busy days. Pick ones with at least 15 g of protein and not much "
        "added sugar, and treat them as a snack rather than a meal.",
    ),
    (
        "How do I hit my protein target when I'm vegetarian?",
        "Build each meal around a protein: eggs, Greek yogurt, tofu, lentils or cottage "
        "cheese. Spreading it over three or four meals makes the target much easier.",
    ),
    (
        "Why does my weight jump around from day to day?",
        "Water, salt and food still in your gut can move the scale by a kilo or more. Look "
        "at the trend over two or three weeks of check-ins, not single days.",
    ),
    (
        "Is it okay to eat late in the evening?",
        "Yes. Your total for the day matters far more than the clock. If late meals make "
        "you sleep badly, keep them lighter and move more of your food earlier.",
    ),
]

# Asked by members whose goal points that way (demo.names.GOALS' low bound).
CUTTING = (
    "I'm always hungry in the afternoon. Any tips?",
    "Try adding protein and fibre to lunch, like chicken with a big salad or lentils. A "
    "planned snack around 4 pm (cottage cheese, an apple) beats grabbing something on "
    "the way home.",
)
BUILDING = (
    "I struggle to eat enough to build muscle. What can I add?",
    "Easy extras help: a glass of milk with meals, nuts or peanut butter, an extra "
    "portion of rice. A shake after training adds protein without feeling like a meal.",
)
