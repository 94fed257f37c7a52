"""Forms of the escalation pages: the authority, the date a complaint was lodged, consent to a
mandate, a new mandate text."""

from django import forms
from django.utils.translation import gettext_lazy as _

from suma.rights.escalation import MAX_MANDATE_TEXT


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuthorityForm(forms.Form):
    """One of the directory's supervisory authorities, by its key."""

    authority = forms.ChoiceField(label=_("Supervisory authority"), required=False)

    def __init__(self, *args, authorities=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.by_slug = {a.slug: a for a in authorities if a.slug}
        self.fields["authority"].choices = [
            (a.slug, f"{a.name} ({a.country})" if a.country else a.name)
            for a in authorities if a.slug]

    def chosen(self):
        return self.by_slug.get(self.cleaned_data.get("authority") or "")


class LodgeForm(forms.Form):
    on = forms.DateField(label=_("I sent it to the authority on"), widget=_date_input())

    def __init__(self, *args, **kwargs) -> None:
        from suma.rights.escalation_selectors import today_date

        kwargs.setdefault("initial", {"on": today_date()})
        super().__init__(*args, **kwargs)


class MandateForm(forms.Form):
    text_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1,
                                      max_value=2**31 - 1)
    consent = forms.BooleanField(
        label=_("I have read this text, and I give the union this mandate."), required=True,
        error_messages={"required": _("Tick the box to give your consent.")})


class MandateTextForm(forms.Form):
    text = forms.CharField(label=_("The mandate's text"), max_length=MAX_MANDATE_TEXT,
                           widget=forms.Textarea(attrs={"rows": 14}),
                           help_text=_("Members read it before they consent. Each time you "
                                       "publish, it becomes a new version; mandates given to "
                                       "an earlier version stay in force."))
