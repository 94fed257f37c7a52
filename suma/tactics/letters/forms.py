"""Forms of the letter pages: field-level checks; the services decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from suma.core.i18n import interpolate_lazy
from suma.tactics.letters.mergefields import FIELDS
from suma.tactics.letters.models import ReplyAnswer
from suma.tactics.petitions.countries import COUNTRIES
from suma.tactics.petitions.forms import CountryField

FIELD_LIST = ", ".join("{" + name + "}" for name in FIELDS)
FIELD_LABELS = {
    "representative_name": _("The representative's name"),
    "representative_office": _("Their office, e.g. Member of Parliament"),
    "representative_body": _("The parliament, council or office they sit in"),
    "representative_region": _("Their constituency or region"),
    "representative_party": _("Their party"),
    "member_name": _("The member's name"),
    "member_region": _("The constituency or region the member declared"),
    "member_postcode": _("The member's postcode"),
    "member_country": _("The member's country"),
    "member_address": _("The member's postal address"),
    "union_name": _("The union's name"),
}


class LetterCampaignForm(forms.Form):
    campaign = forms.ChoiceField(label=_("Campaign"))
    title = forms.CharField(label=_("Title"), max_length=200)
    country = forms.ChoiceField(
        label=_("Country of the representatives"), required=False,
        help_text=_("Empty: each member writes to the representatives of their own country."))
    body = forms.CharField(
        label=_("Parliament, council or office"), max_length=200, required=False,
        help_text=_("As the directory of representatives names it, e.g. Deutscher Bundestag. "
                    "Empty: every body of the country."))
    subject = forms.CharField(label=_("Subject"), max_length=200)
    template = forms.CharField(
        label=_("Letter template"), max_length=20000, widget=forms.Textarea(attrs={"rows": 14}),
        help_text=interpolate_lazy(_("Members start from this text and put it in their own "
                                     "words. Merge fields: %(fields)s."),
                                   {"fields": FIELD_LIST}))
    talking_points = forms.CharField(
        label=_("Talking points"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One a line: what a letter might say, shown beside each member's letter."))

    def __init__(self, *args, campaigns=None, bodies=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Each member's own"))] + list(COUNTRIES)
        if campaigns is None:
            del self.fields["campaign"]
        else:
            self.campaigns = {str(c.pk): c for c in campaigns}
            self.fields["campaign"].choices = [(k, c.title) for k, c in self.campaigns.items()]
        if bodies:
            self.fields["body"].widget.attrs["list"] = "bodies"
        self.bodies = list(bodies)


class ConstituentForm(forms.Form):
    country = CountryField(label=_("Country"))
    region = forms.CharField(
        label=_("Constituency or region"), max_length=200, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-level1"}),
        help_text=_("As your parliament names it, e.g. Berlin-Mitte or Málaga. Empty if you "
                    "only want to write to those elected nationally."))
    postcode = forms.CharField(label=_("Postcode"), max_length=20, required=False,
                               widget=forms.TextInput(attrs={"autocomplete": "postal-code"}))
    address = forms.CharField(
        label=_("Postal address"), max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
        help_text=_("Printed on letters you send by post. Representatives answer constituents "
                    "who give it."))


class LetterForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=300)
    body = forms.CharField(label=_("Your letter"), max_length=20000,
                           widget=forms.Textarea(attrs={"rows": 18}))


class ReplyForm(forms.Form):
    received_on = forms.DateField(label=_("Received on"),
                                  widget=forms.DateInput(attrs={"type": "date"}))
    summary = forms.CharField(label=_("What they said"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 5}))
    file = forms.FileField(label=_("A copy (optional)"), required=False,
                           help_text=_("Their email, a PDF or a photo of the letter; at most "
                                       "10 MB. Only you see it."))


class QuestionnaireForm(forms.Form):
    answer = forms.ChoiceField(label=_("Did they reply?"), choices=ReplyAnswer.choices,
                               widget=forms.RadioSelect)
