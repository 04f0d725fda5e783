"""The coach's forms. They check shape; coaching.services keeps the rules."""

from __future__ import annotations

from django import forms

from accounts.models import (
    CALORIE_TARGET_MAX,
    CALORIE_TARGET_MIN,
    PROTEIN_TARGET_MAX,
    PROTEIN_TARGET_MIN,
)


class TargetsForm(forms.Form):
    calorie_target = forms.IntegerField(
        label="Calories (kcal a day)",
        required=False,
        min_value=CALORIE_TARGET_MIN,
        max_value=CALORIE_TARGET_MAX,
    )
    protein_target = forms.IntegerField(
        label="Protein (g a day)",
        required=False,
        min_value=PROTEIN_TARGET_MIN,
        max_value=PROTEIN_TARGET_MAX,
    )
