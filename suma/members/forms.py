"""Forms: field-level validation for the members pages."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ApplyForm(forms.Form):
    message = forms.CharField(label=_("A word to the organisers (optional)"), required=False,
                              max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason, sent to the applicant"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class PseudonymForm(forms.Form):
    pseudonym = forms.CharField(
        label=_("Pseudonym"), required=False, max_length=80,
        help_text=_("Other members see this name instead of yours. Only stewards see who you "
                    "are. Leave empty to appear under your name."))


class InvitationForm(forms.Form):
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=365, initial=14)
    max_uses = forms.IntegerField(label=_("Uses allowed"), min_value=1, max_value=10000,
                                  initial=50)
