"""The words demo data is made of: places, names, goals, meals."""

from __future__ import annotations

from accounts.models import SubscriptionStatus

# The first three differ in UTC offset whatever the season: UTC-8/-7, UTC+0/+1, UTC+10/+11.
TIMEZONES = [
    "America/Los_Angeles",
    "Europe/London",
    "Australia/Sydney",
    "Asia/Tokyo",
    "America/New_York",
    "Europe/Berlin",
    "Asia/Kolkata",
    "America/Sao_Paulo",
    "Pacific/Auckland",
    "Africa/Johannesburg",
]
CITIES = [
    "Venice Beach",
    "Shoreditch",
    "Bondi",
    "Shibuya",
    "Brooklyn",
    "Kreuzberg",
    "Bandra",
    "Pinheiros",
    "Ponsonby",
    "Braamfontein",
]
FIRST = [
    "Alex",
    "Sam",
    "Jordan",
    "Taylor",
    "Casey",
    "Riley",
    "Morgan",
    "Jamie",
    "Avery",
    "Quinn",
    "Maya",
    "Leo",
    "Zoe",
    "Omar",
    "Ines",
    "Kenji",
    "Priya",
    "Lucas",
    "Amara",
    "Noah",
]
LAST = [
    "Silva",
    "Smith",
    "Tanaka",
    "Müller",
    "Okafor",
    "Garcia",
    "Nguyen",
    "Kowalski",
    "Haddad",
    "Johansson",
    "Patel",
    "Rossi",
    "Kim",
    "Dubois",
    "Moreno",
    "Byrne",
]
# Goal -> weekly weight change in kg (low, high) the member's check-ins drift by.
GOALS = {
    "Lose 5 kg before summer": (-0.6, -0.2),
    "Build muscle": (0.1, 0.3),
    "Run a half marathon": (-0.3, 0.0),
    "Eat more protein": (-0.1, 0.1),
    "Feel stronger": (-0.1, 0.2),
    "Keep consistent": (-0.1, 0.1),
}
STATUSES = [SubscriptionStatus.ACTIVE] * 8 + [
    SubscriptionStatus.TRIALING,
    SubscriptionStatus.PAST_DUE,
    SubscriptionStatus.PAUSED,
    SubscriptionStatus.CANCELED,
]
# Meal names by slot of the day; the calories and protein come from the member's targets.
MEALS = {
    "breakfast": ["Oats with berries", "Eggs on toast", "Greek yogurt and granola", "Smoothie"],
    "lunch": ["Chicken rice bowl", "Tuna salad", "Lentil soup", "Veggie wrap", "Poke bowl"],
    "snack": ["Protein shake", "Apple and peanut butter", "Cottage cheese", "Trail mix"],
    "dinner": [
        "Salmon and greens",
        "Steak and potatoes",
        "Pasta bolognese",
        "Tofu stir-fry",
        "Chicken curry",
    ],
}
TRAINING = ["Legs", "Push", "Pull", "Cardio", "Yoga", "Full body", "Intervals"]
# Meals a member keeps as one-tap shortcuts: (name, ingredients, kcal, protein g).
SAVED_MEALS = [
    ("Overnight oats", "Oats, milk, chia seeds, banana, honey", 420, 18.0),
    ("Protein pancakes", "Oats, egg whites, whey, blueberries", 380, 32.0),
    ("Scrambled eggs on rye", "3 eggs, rye bread, spinach, butter", 450, 27.0),
    ("Greek yogurt bowl", "Greek yogurt, granola, berries", 350, 24.0),
    ("Chicken rice bowl", "Chicken breast, rice, broccoli, soy sauce", 620, 45.0),
    ("Tuna pasta salad", "Pasta, tuna, sweetcorn, light mayo", 560, 36.0),
    ("Turkey wrap", "Tortilla, turkey, hummus, lettuce, tomato", 480, 33.0),
    ("Lentil and veg soup", "Red lentils, carrots, celery, bread roll", 410, 21.0),
    ("Salmon, potatoes and greens", "Salmon fillet, new potatoes, green beans", 590, 40.0),
    ("Beef chilli", "Lean mince, kidney beans, tomatoes, rice", 680, 44.0),
    ("Tofu stir-fry", "Tofu, noodles, peppers, pak choi, sesame", 540, 28.0),
    ("Post-workout shake", "Whey, milk, banana, peanut butter", 450, 38.0),
    ("Cottage cheese and fruit", "Cottage cheese, pineapple, walnuts", 260, 22.0),
    ("Apple and peanut butter", "Apple, 2 tbsp peanut butter", 280, 8.0),
]
