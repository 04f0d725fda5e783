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
