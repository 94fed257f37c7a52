"""Forms for the pledge pages: field-level checks; the services decide what is allowed."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from suma.campaigns.models import Organisation
from suma.core.i18n import interpolate_lazy
from suma.members.models import Union
from suma.tactics.pledges.models import Pledge, PledgeKind, PledgeSignup, StrikeAction

UNION = "union"  # the scope key of the whole union; chapters are keyed by their id


def scope_key(scope) -> str:
    return UNION if scope is None else str(scope.pk)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class PledgeForm(forms.Form):
    campaign = forms.ChoiceField(label=_("Campaign"))
    scope = forms.ChoiceField(label=_("Who may pledge"))
    kind = forms.ChoiceField(label=_("Kind"), choices=PledgeKind.choices,
                             initial=PledgeKind.PLEDGE, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Title"), max_length=200)
    action = forms.CharField(label=_("I will …"), max_length=300,
                             help_text=_("What each pledger promises, e.g. “log out of "
                                         "Facebook”."))
    details = forms.CharField(label=_("Details"), required=False, max_length=10000,
                              widget=forms.Textarea(attrs={"rows": 5}),
                              help_text=_("Markdown: **bold**, *italic*, lists, links."))
    threshold = forms.IntegerField(
        label=_("Pledgers needed"), min_value=1, max_value=10_000_000,
        help_text=_("It activates the moment this many members have pledged, every pledger "
                    "counted: with 50, each pledger waits for 49 others."))
    deadline = forms.DateTimeField(label=_("Deadline for pledging"), widget=DateTimeInput())
    starts_at = forms.DateTimeField(label=_("From"), widget=DateTimeInput(),
                                    help_text=_("The window starts at the deadline or later."))
    ends_at = forms.DateTimeField(label=_("Until"), widget=DateTimeInput())
    confidential = forms.BooleanField(
        label=_("Confidential until activation"), required=False,
        help_text=_("Until it activates, everyone, organisers included, sees only the count. "
                    "Afterwards only pledgers see each other's names."))
    strike_action = forms.ChoiceField(
        label=_("Strike action"), required=False,
        choices=[("", _("Not a strike"))] + list(StrikeAction.choices),
        help_text=_("For a strike: what pledgers withdraw from the target."))
    target = forms.ChoiceField(label=_("Target platform"), required=False,
                               help_text=_("For a strike."))

    def __init__(self, *args, union: Union, scopes: list, campaigns, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.union = union
        self.scopes = {scope_key(scope): scope for scope in scopes}
        self.campaigns = {str(c.pk): c for c in campaigns}
        self.fields["scope"].choices = [
            (scope_key(scope),
             interpolate_lazy(_("Every member of the union (%(name)s)"), {"name": union.name})
             if scope is None else scope.name) for scope in scopes]
        self.fields["campaign"].choices = [(k, c.title) for k, c in self.campaigns.items()]
        self.organisations = {str(o.pk): o for o in Organisation.objects.order_by("name")}
        self.fields["target"].choices = [("", "—")] + [
            (k, str(o)) for k, o in self.organisations.items()]

    @staticmethod
    def defaults() -> dict:
        """Two weeks to pledge, then a week of action, in the page's local time."""
        now = timezone.localtime().replace(second=0, microsecond=0)
        deadline = now + timedelta(days=14)
        return {"deadline": deadline, "starts_at": deadline,
                "ends_at": deadline + timedelta(days=7), "threshold": 50}

    @staticmethod
    def initial_of(pledge: Pledge) -> dict:
        return {"campaign": str(pledge.campaign_id), "scope": scope_key(pledge.chapter),
                "kind": pledge.kind, "title": pledge.title, "action": pledge.action,
                "details": pledge.details, "threshold": pledge.threshold,
                "deadline": timezone.localtime(pledge.deadline),
                "starts_at": timezone.localtime(pledge.starts_at),
                "ends_at": timezone.localtime(pledge.ends_at),
                "confidential": pledge.confidential, "strike_action": pledge.strike_action,
                "target": str(pledge.target_id or "")}

    def clean(self):
        data = super().clean()
        data["chapter"] = self.scopes.get(data.get("scope", UNION))
        data["campaign_obj"] = self.campaigns.get(data.get("campaign", ""))
        data["target_obj"] = self.organisations.get(data.get("target") or "")
        if data.get("kind") != PledgeKind.STRIKE:
            data["strike_action"], data["target_obj"] = "", None
        return data

    def values(self) -> dict:
        """The keyword arguments of pledge_create / pledge_update."""
        d = self.cleaned_data
        return {"campaign": d["campaign_obj"], "chapter": d["chapter"], "kind": d["kind"],
                "title": d["title"], "action": d["action"], "details": d["details"],
                "threshold": d["threshold"], "deadline": d["deadline"],
                "starts_at": d["starts_at"], "ends_at": d["ends_at"],
                "confidential": d["confidential"], "strike_action": d["strike_action"],
                "target": d["target_obj"]}


class FollowupForm(forms.Form):
    answer = forms.ChoiceField(label=_("Did you do it?"), choices=PledgeSignup.Answer.choices,
                               widget=forms.RadioSelect)
