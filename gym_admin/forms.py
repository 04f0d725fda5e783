"""Forms of the gym admin pages. They check shape and bounds; services keep the rules."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.contrib.auth.password_validation import validate_password

from accounts.models import (
    SubscriptionStatus,
)
from accounts.roles import STAFF_ROLE_CHOICES, Role
from challenges.models import RULE_FIELDS, Challenge

TIMEZONE_CHOICES = [(tz, tz) for tz in sorted(zoneinfo.available_timezones())]


class GymForm(forms.Form):
    name = forms.CharField(max_length=120)
    timezone = forms.ChoiceField(choices=TIMEZONE_CHOICES)


class LogoForm(forms.Form):
    # A plain file: media_store validates, re-encodes and refuses what is not an image.
    image = forms.FileField(widget=forms.ClearableFileInput(attrs={"accept": "image/*"}))


def _check_password(password: str, email: str, name: str) -> None:
    from accounts.models import User

    validate_password(password, user=User(email=email, name=name))


class NewPasswordCheck:
    """Run the password validators on a new account's password, knowing its email and name."""

    def clean(self):
        data = super().clean()
        if data.get("password"):
            try:
                _check_password(data["password"], data.get("email", ""), data.get("name", ""))
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


class StaffAddForm(NewPasswordCheck, forms.Form):
    email = forms.EmailField(max_length=254)
    name = forms.CharField(max_length=120)
    role = forms.ChoiceField(choices=STAFF_ROLE_CHOICES, initial=Role.COACH)
    password = forms.CharField(
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Only for a new account; an existing member of this gym keeps theirs.",
    )


class StaffRoleForm(forms.Form):
    role = forms.ChoiceField(choices=STAFF_ROLE_CHOICES)


class MemberAddForm(NewPasswordCheck, forms.Form):
    email = forms.EmailField(max_length=254)
    name = forms.CharField(max_length=120)
    password = forms.CharField(
        strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    subscription_status = forms.ChoiceField(
        choices=SubscriptionStatus.choices, initial=SubscriptionStatus.ACTIVE
    )
    coach = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)

    def __init__(self, *args, coaches: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].choices = [("", "No coach yet"), *coaches]


class MemberStatusForm(forms.Form):
    subscription_status = forms.ChoiceField(choices=SubscriptionStatus.choices)


class IdListField(forms.Field):
    """Checkbox values as a list of ints; which ids are allowed is the service's call."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        try:
            return [int(v) for v in value or []]
        except (TypeError, ValueError):
            raise forms.ValidationError("Invalid selection.") from None


class AssignForm(forms.Form):
    coach = forms.TypedChoiceField(coerce=int)
    members = IdListField(error_messages={"required": "Select at least one member."})

    def __init__(self, *args, coaches: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].choices = [("", "Choose a coach"), *coaches]


class ChallengeForm(forms.ModelForm):
    """Window and rules. Challenge.clean() and the rule fields' validators judge them
    (ModelForm runs them while validating), so the page shows the model's messages."""

    class Meta:
        model = Challenge
        fields = ["name", "starts_on", "ends_on", *RULE_FIELDS]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    @property
    def rules(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in RULE_FIELDS}
