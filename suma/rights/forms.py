"""Forms of the request and drive pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from suma.campaigns.forms import ELEMENT_LABELS
from suma.rights import letters

KIND_CHOICES = [
    (letters.Kind.ACCESS.value, _("Access to my data, with the logic of automated decisions "
                                  "and a machine-readable copy (Art. 15)")),
    (letters.Kind.RECTIFICATION.value, _("Correct my data (Art. 16)")),
    (letters.Kind.ERASURE.value, _("Erase my data (Art. 17)")),
    (letters.Kind.RESTRICTION.value, _("Restrict the processing (Art. 18)")),
    (letters.Kind.PORTABILITY.value, _("My data in a portable format (Art. 20)")),
    (letters.Kind.OBJECTION.value, _("Stop a processing I object to (Art. 21)")),
    (letters.Kind.AUTOMATED_DECISIONS.value, _("Automated decisions about me: human review "
                                               "(Art. 22)")),
]
# The rights whose letter says what exactly the member wants (what to correct, erase, stop).
DETAILED = {
    letters.Kind.RECTIFICATION.value: _("What to correct, and how"),
    letters.Kind.ERASURE.value: _("What to erase (empty: everything)"),
    letters.Kind.OBJECTION.value: _("Which processing you object to, and why"),
}


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IdentificationForm(forms.Form):
    """The identification a controller requires, one field each, the account's name and
    email address filled in."""

    def __init__(self, *args, controller, initial_values: dict[str, str] | None = None,
                 **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.elements = []
        initial_values = initial_values or {}
        for n, element in enumerate(controller.required_elements or ()):
            key = str(element.get("desc") or element.get("type") or "").strip()
            if not key:
                continue
            kind = str(element.get("type", ""))
            widget = forms.Textarea(attrs={"rows": 3}) if kind in ("address", "textarea") \
                else forms.EmailInput() if kind == "email" else forms.TextInput()
            name = f"id_{n}"
            self.fields[name] = forms.CharField(
                label=key, required=not element.get("optional", False), max_length=500,
                initial=initial_values.get(key, ""), widget=widget,
                help_text=ELEMENT_LABELS.get(kind, ""))
            self.elements.append((name, key))

    def identification(self) -> list[tuple[str, str]]:
        return [(key, self.cleaned_data.get(name, "")) for name, key in self.elements]


class RequestForm(IdentificationForm):
    kinds = forms.MultipleChoiceField(label=_("What you ask for"), choices=KIND_CHOICES,
                                      widget=forms.CheckboxSelectMultiple,
                                      initial=[letters.Kind.ACCESS.value])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in DETAILED.items():
            self.fields[f"details_{kind}"] = forms.CharField(
                label=label, required=False, max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}))
        # The rights first, then what identifies the member, then the details.
        self.order_fields(["kinds"])

    def details(self) -> dict[str, str]:
        kinds = self.cleaned_data.get("kinds", [])
        return {kind: self.cleaned_data.get(f"details_{kind}", "") for kind in DETAILED
                if kind in kinds and self.cleaned_data.get(f"details_{kind}")}


class MarkSentForm(forms.Form):
    sent_on = forms.DateField(label=_("I sent it on"), widget=_date_input())
    received_on = forms.DateField(
        label=_("The controller received it on (if you know)"), required=False,
        widget=_date_input(),
        help_text=_("For a tracked letter, the day it was delivered. Empty: the day you sent "
                    "it."))


class DateForm(forms.Form):
    on = forms.DateField(label=_("On"), widget=_date_input())


class ExtendForm(forms.Form):
    on = forms.DateField(label=_("The controller told me on"), widget=_date_input())
    reasons = forms.CharField(label=_("The reasons it gave"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    on = forms.DateField(label=_("The answer came on"), widget=_date_input())
    contained = forms.MultipleChoiceField(label=_("What the answer contained"), required=False,
                                          widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, items: list[dict], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contained"].choices = [(i["key"], i["label"]) for i in items]


class ReplyForm(forms.Form):
    upload = forms.FileField(label=_("The reply (.eml or PDF, 10 MB at most)"))
    received_on = forms.DateField(label=_("Received on"), required=False, widget=_date_input(),
                                  help_text=_("Empty: the email's date, or today."))


class ControllerSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the directory of controllers"), max_length=100,
                        required=False)


class DriveForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    slug = forms.SlugField(label=_("Short name"), max_length=50, required=False,
                           help_text=_("Used in the page's address: letters, digits and "
                                       "hyphens. Empty: made from the title."))
    controller = forms.CharField(
        label=_("Controller"), max_length=100,
        help_text=_("Its key in the directory of targets (for example uber), or its number "
                    "there."))
    kinds = forms.MultipleChoiceField(label=_("What every member asks for"),
                                      choices=KIND_CHOICES, widget=forms.CheckboxSelectMultiple)
    chapter = forms.ChoiceField(label=_("Who may join"), required=False)
    campaign = forms.ChoiceField(label=_("Campaign"), required=False)
    description = forms.CharField(label=_("Description"), required=False, max_length=20000,
                                  widget=forms.Textarea(attrs={"rows": 5}),
                                  help_text=_("Markdown: why we ask, what we will do with "
                                              "the answers."))

    def __init__(self, *args, chapters, campaigns, whole_union: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Every member of the union"))] if whole_union else []
        self.fields["chapter"].choices = choices + [(str(c.pk), c.name) for c in chapters]
        self.fields["chapter"].required = not whole_union
        self.fields["campaign"].choices = [("", _("No campaign"))] + [
            (str(c.pk), c.title) for c in campaigns]
