"""Forms of the petition pages: signing, and the organisers' petition editor."""

from django import forms
from django.utils.translation import gettext_lazy as _

from suma.tactics.petitions.countries import CODES, COUNTRIES

COUNTRY_CHOICES = [("", _("Choose your country"))] + list(COUNTRIES)


def country_choices() -> list:
    # A callable, so that each form copies a reference rather than deep-copying 250 lazy
    # names: on the signing path that copy cost more CPU than the rest of the form.
    return COUNTRY_CHOICES


class CountryField(forms.ChoiceField):
    """A country from the list, checked against a set: ChoiceField's own check walks all 250
    choices on every signature."""

    def __init__(self, **kwargs) -> None:
        super().__init__(choices=country_choices, **kwargs)

    def valid_value(self, value) -> bool:
        return value in CODES


class VisitorSignForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(label=_("Your email"), max_length=254,
                             help_text=_("We send you a link to confirm your signature. It is "
                                         "never shown, nor given to the target."),
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    country = CountryField(label=_("Country"))
    postcode = forms.CharField(label=_("Postcode (optional)"), max_length=20, required=False,
                               widget=forms.TextInput(attrs={"autocomplete": "postal-code"}))


class MemberSignForm(forms.Form):
    country = CountryField(label=_("Country"), required=False)


def milestones_text(milestones) -> str:
    return "\n".join(f"{m.count}: {m.label}" for m in milestones)


class PetitionForm(forms.Form):
    campaign = forms.ChoiceField(label=_("Campaign"))
    slug = forms.SlugField(label=_("Short name"), max_length=50,
                           help_text=_("Used in the page's address: letters, digits and "
                                       "hyphens."))
    title = forms.CharField(label=_("Title"), max_length=200)
    target = forms.CharField(label=_("Addressed to"), max_length=300)
    text = forms.CharField(label=_("Text"), max_length=20000, widget=forms.Textarea,
                           help_text=_("Markdown: **bold**, *italic*, lists, links."))
    milestones = forms.CharField(
        label=_("Milestones"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: a number of signatures, a colon, what it brings. For "
                    "example “10000: a response” and “100000: delivery”."))
    closes_at = forms.DateTimeField(label=_("Closes (optional)"), required=False,
                                    help_text=_("YYYY-MM-DD HH:MM, UTC."))
    anonymise_after_days = forms.IntegerField(
        label=_("Anonymise visitors' signatures after (days)"), min_value=1, max_value=3650,
        initial=90)

    def __init__(self, *args, campaigns=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["campaign"]
            del self.fields["slug"]
        else:
            self.fields["campaign"].choices = [(str(c.pk), c.title) for c in campaigns or []]

    def clean_milestones(self) -> list[tuple[int, str]]:
        found = []
        for number, line in enumerate(self.cleaned_data["milestones"].splitlines(), start=1):
            if not line.strip():
                continue
            count, colon, label = line.partition(":")
            count = count.strip().replace(",", "").replace(".", "").replace(" ", "")
            if not colon or not count.isdigit() or not label.strip():
                raise forms.ValidationError(
                    _("Line %(n)s: write a number, a colon and a label, like “10000: a "
                      "response”."), params={"n": number})
            found.append((int(count), label.strip()))
        return found


class ReviewForm(forms.Form):
    signature = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
