"""Forms for the campaign pages: field-level checks; the services decide what is allowed."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from suma.campaigns.directory_data import CATEGORIES
from suma.campaigns.models import (
    CampaignStatus,
    DemandStatus,
    Organisation,
    OrganisationKind,
)
from suma.campaigns.services import ORGANISER_EVENTS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "country", "website", "email", "postal_address", "webform",
                  "phone", "contacts", "is_controller"]
        widgets = {"postal_address": forms.Textarea(attrs={"rows": 3}),
                   "contacts": forms.Textarea(attrs={"rows": 4})}


# The datenanfragen categories, as the directory's filter shows them.
CATEGORY_LABELS = {
    "addresses": _("Address traders"), "ads": _("Advertising"), "church": _("Churches"),
    "collection agency": _("Debt collection"), "commerce": _("Commerce"),
    "credit agency": _("Credit agencies"), "entertainment": _("Entertainment"),
    "finance": _("Finance"), "health": _("Health"), "insurance": _("Insurance"),
    "nonprofit": _("Non-profits"), "political party": _("Political parties"),
    "public body": _("Public bodies"), "school": _("Schools"),
    "social media": _("Social media"), "telecommunication": _("Telecommunications"),
    "travel": _("Travel"), "utility": _("Utilities"),
}

# The kinds of identification a controller asks for (datenanfragen's element types).
ELEMENT_LABELS = {
    "name": _("Name"), "email": _("Email address"), "address": _("Postal address"),
    "birthdate": _("Date of birth"), "input": _("Text"), "textarea": _("Longer text"),
}


class _Filters(forms.Form):
    def clean_q(self) -> str:
        return self.cleaned_data["q"].replace("\x00", "").strip()

    def clean_country(self) -> str:
        return self.cleaned_data["country"].strip().upper()


class OrganisationFilterForm(_Filters):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        help_text=_("A name, a brand or service it runs, a web address."))
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("Any kind"))] + list(OrganisationKind.choices))
    country = forms.CharField(label=_("Country (two letters)"), required=False, max_length=2)
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=[("", _("Any category"))]
                                 + [(c, CATEGORY_LABELS[c]) for c in CATEGORIES])
    controller = forms.BooleanField(label=_("Takes data-rights requests"), required=False)


class RepresentativeFilterForm(_Filters):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    country = forms.CharField(label=_("Country (two letters)"), required=False, max_length=2)
    region = forms.CharField(label=_("Constituency or region"), required=False,
                             max_length=200)
    body = forms.ChoiceField(label=_("Body"), required=False)
    party = forms.ChoiceField(label=_("Party"), required=False)

    def __init__(self, *args, bodies: list[str], parties: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [("", _("Any body"))] + [(b, b) for b in bodies]
        self.fields["party"].choices = [("", _("Any party"))] + [(p, p) for p in parties]

    def clean_region(self) -> str:
        return self.cleaned_data["region"].replace("\x00", "").strip()


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    slug = forms.SlugField(label=_("Short name (in its address)"), max_length=50,
                           required=False, help_text=_("Left empty: made from the title."))
    summary = forms.CharField(label=_("Summary"), max_length=300, required=False)
    description = forms.CharField(label=_("Description"), max_length=20000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 8}),
                                  help_text=_("Markdown: **bold**, *italic*, lists, links."))
    targets = forms.ModelMultipleChoiceField(
        label=_("Targets"), required=False, queryset=Organisation.objects.all(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("From the directory of targets; at least one before the launch."))
    chapters = forms.ModelMultipleChoiceField(
        label=_("Owner chapters"), required=False, queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their organisers run the campaign. None: every organiser of the union."))

    def __init__(self, *args, chapters, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chapters"].queryset = chapters
        if editing:
            del self.fields["slug"]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=CampaignStatus.choices)
    note = forms.CharField(label=_("Note on the timeline"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"),
                             choices=[(k.value, k.label) for k in ORGANISER_EVENTS])
    title = forms.CharField(label=_("Title"), max_length=300)
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    body = forms.CharField(label=_("Details"), max_length=10000, required=False,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("Markdown: **bold**, *italic*, lists, links."))
    link = forms.URLField(label=_("Link"), required=False, max_length=200,
                          assume_scheme="https")


class SectionForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=10,
                           help_text=_("For example A, B or C."))
    title = forms.CharField(label=_("Title"), max_length=300)


class SectionEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)


class DemandForm(forms.Form):
    text = forms.CharField(label=_("Demand"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    number = forms.IntegerField(label=_("Number"), required=False, min_value=1, max_value=999,
                                help_text=_("Left empty: the next number."))


class DemandEditForm(forms.Form):
    text = forms.CharField(label=_("Demand"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class DemandStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=DemandStatus.choices)
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    evidence_url = forms.URLField(label=_("Evidence (a link)"), required=False, max_length=200,
                                  assume_scheme="https")

