"""Forms for the decision pages: field-level checks; the services decide what is allowed."""

from datetime import timedelta
from fractions import Fraction

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from suma.core.i18n import interpolate_lazy
from suma.governance.actions import ACTIONS
from suma.governance.ballots import CONSENSUS, YES_NO
from suma.governance.models import RANKED_KINDS, GovernanceSettings, Kind, Proposal
from suma.governance.services import SETTINGS
from suma.members.models import Membership, Union

THRESHOLDS = (("half", _("Simple majority (more than half)")),
              ("two_thirds", _("Two thirds")),
              ("custom", _("Another share (below)")))
VOTE_LABELS = {
    "yes": _("Yes"), "no": _("No"), "abstain": _("Abstain"), "agree": _("Agree"),
    "disagree": _("Disagree"), "block": _("Block"),
}


UNION = "union"  # the scope key of the whole union; chapters are keyed by their id


def scope_key(scope) -> str:
    return UNION if scope is None else str(scope.pk)


def members_named(*, union: Union, names: list[str]) -> tuple[list[Membership], list[str]]:
    """The union's members with these public names (pseudonym, else name), in order; and the
    names that match nobody, or more than one person."""
    wanted = [n.strip() for n in names if n.strip()][:100]
    if not wanted:
        return [], []
    match = Q()
    for name in wanted:
        match |= Q(pseudonym__iexact=name) | Q(pseudonym="", user__name__iexact=name)
    found: dict[str, list[Membership]] = {}
    for membership in Membership.objects.filter(union=union, is_member=True).filter(
            match).select_related("user"):
        found.setdefault(membership.public_name.casefold(), []).append(membership)
    chosen, unknown = [], []
    for name in wanted:
        matches = found.get(name.casefold(), [])
        if len(matches) == 1:
            chosen.append(matches[0])
        else:
            unknown.append(name)
    return chosen, unknown


class ProposalForm(forms.Form):
    scope = forms.ChoiceField(label=_("Who decides"))
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), max_length=20000, widget=forms.Textarea(
        attrs={"rows": 8}), help_text=_("Markdown: **bold**, *italic*, lists, links."))
    kind = forms.ChoiceField(label=_("Ballot"), choices=Kind.choices, initial=Kind.YES_NO)
    options = forms.CharField(
        label=_("Options, one per line"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For every ballot except yes/no and consensus."))
    candidates = forms.CharField(
        label=_("Candidates, one per line"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For an election of stewards: each candidate's pseudonym, or name, as "
                    "members see it. The candidates become the options."))
    secret = forms.TypedChoiceField(
        label=_("Ballot secrecy"), coerce=lambda v: v == "secret", initial="secret",
        choices=(("secret", _("Secret: nobody sees who voted what")),
                 ("open", _("Open: the bulletin shows each voter's name"))),
        widget=forms.RadioSelect)
    threshold = forms.ChoiceField(label=_("Pass threshold"), choices=THRESHOLDS, initial="half",
                                  widget=forms.RadioSelect,
                                  help_text=_("The share of yes among yes and no votes."))
    threshold_percent = forms.IntegerField(label=_("Other share (%)"), required=False,
                                           min_value=1, max_value=100)
    quorum_percent = forms.IntegerField(label=_("Quorum (% of eligible members)"), min_value=0,
                                        max_value=100)
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=49, initial=1,
                               help_text=_("For a multi-seat election (STV)."))
    max_score = forms.IntegerField(label=_("Highest score"), min_value=1, max_value=100,
                                   initial=5, help_text=_("For a score ballot."))
    action_kind = forms.ChoiceField(label=_("When it passes"), required=False)
    setting = forms.ChoiceField(label=_("Setting to change"), required=False)
    value = forms.CharField(label=_("New value"), required=False, max_length=100)

    def __init__(self, *args, union: Union, scopes: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.union = union
        self.scopes = {scope_key(scope): scope for scope in scopes}
        self.fields["scope"].choices = [
            (scope_key(scope),
             interpolate_lazy(_("The whole union (%(name)s)"), {"name": union.name})
             if scope is None else scope.name) for scope in scopes]
        self.fields["action_kind"].choices = [("", _("Nothing else"))] + [
            (key, action.label) for key, action in ACTIONS.items()]
        self.fields["setting"].choices = [("", "—")] + [
            (name, GovernanceSettings._meta.get_field(name).verbose_name) for name in SETTINGS]
        # Settings of actions other apps register, named "<action>__<setting>".
        for key, action in ACTIONS.items():
            if action.form_fields is not None:
                for name, field in action.form_fields(union=union).items():
                    self.fields[f"{key}__{name}"] = field

    def action_fields(self) -> list:
        return [self[name] for name in self.fields if "__" in name]

    def clean(self):
        data = super().clean()
        choice = data.get("threshold")
        if choice == "two_thirds":
            data["threshold_share"] = Fraction(2, 3)
        elif choice == "custom":
            percent = data.get("threshold_percent")
            if percent is None:
                self.add_error("threshold_percent", _("Give the share, from 1 to 100."))
            else:
                data["threshold_share"] = Fraction(percent, 100)
        else:
            data["threshold_share"] = Fraction(1, 2)
        data["chapter"] = self.scopes.get(data.get("scope", UNION))
        data["option_list"] = [line.strip() for line in data.get("options", "").splitlines()
                               if line.strip()]
        names = [line for line in data.get("candidates", "").splitlines() if line.strip()]
        data["candidate_list"] = None
        if names:
            chosen, unknown = members_named(union=self.union, names=names)
            if unknown:
                self.add_error("candidates", interpolate_lazy(
                    _("No single member of the union is called: %(names)s."),
                    {"names": ", ".join(unknown)}))
            data["candidate_list"] = chosen
        action = data.get("action_kind") or ""
        data["action_params"] = {}
        if action == "setting_change":
            data["action_params"] = {"setting": data.get("setting", ""),
                                     "value": data.get("value", "")}
        elif action in ACTIONS and ACTIONS[action].form_params is not None:
            prefix = f"{action}__"
            data["action_params"] = ACTIONS[action].form_params(data={
                name.removeprefix(prefix): value for name, value in data.items()
                if name.startswith(prefix)})
        return data


class ProposalEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), max_length=20000, widget=forms.Textarea(
        attrs={"rows": 10}), help_text=_("Markdown: **bold**, *italic*, lists, links."))


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class PublishForm(forms.Form):
    discussion_closes_at = forms.DateTimeField(label=_("The discussion closes"),
                                               widget=DateTimeInput(), required=False,
                                               help_text=_("Left empty: the union's default."))
    voting_opens_at = forms.DateTimeField(label=_("Voting opens"), widget=DateTimeInput(),
                                          required=False)
    voting_closes_at = forms.DateTimeField(label=_("Voting closes"), widget=DateTimeInput(),
                                           required=False)

    @staticmethod
    def defaults(rules: GovernanceSettings) -> dict:
        """The union's default deadlines, from now, in the local time of the page."""
        now = timezone.localtime().replace(second=0, microsecond=0)
        closes = now + timedelta(days=rules.discussion_days)
        return {"discussion_closes_at": closes, "voting_opens_at": closes,
                "voting_closes_at": closes + timedelta(days=rules.voting_days)}


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


class ReceiptForm(forms.Form):
    receipt = forms.CharField(label=_("Your receipt code"), max_length=40,
                              widget=forms.TextInput(attrs={"autocomplete": "off",
                                                            "spellcheck": "false"}))


class BallotForm(forms.Form):
    """One ballot, with the fields its kind needs; `choice()` is what ballot_cast takes.

    A ranked ballot has one "rank" select per option (1..n or not ranked): it works with the
    keyboard and without JavaScript, and `choice()` turns the ranks into the ordered list.
    """

    receipt = forms.CharField(label=_("Receipt of your last ballot"), required=False,
                              max_length=40, widget=forms.TextInput(
                                  attrs={"autocomplete": "off", "spellcheck": "false"}))

    def __init__(self, *args, proposal: Proposal, options: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.proposal, self.options = proposal, options
        kind = proposal.kind
        if kind in (Kind.YES_NO, Kind.CONSENSUS):
            allowed = YES_NO if kind == Kind.YES_NO else CONSENSUS
            self.fields["vote"] = forms.ChoiceField(
                label=_("Your vote"), widget=forms.RadioSelect,
                choices=[(v, VOTE_LABELS[v]) for v in allowed])
        elif kind == Kind.PLURALITY:
            self.fields["option"] = forms.TypedChoiceField(
                label=_("Your choice"), widget=forms.RadioSelect, coerce=int,
                choices=[(o.number, o.label) for o in options])
        elif kind == Kind.APPROVAL:
            self.fields["options"] = forms.TypedMultipleChoiceField(
                label=_("The options you approve"), widget=forms.CheckboxSelectMultiple,
                coerce=int, required=False, choices=[(o.number, o.label) for o in options])
        elif kind == Kind.SCORE:
            for o in options:
                self.fields[f"score_{o.number}"] = forms.TypedChoiceField(
                    label=o.label, coerce=int, initial=0,
                    choices=[(s, s) for s in range(proposal.max_score + 1)])
        elif kind in RANKED_KINDS:
            ranks = [("", _("Not ranked"))] + [(n, n) for n in range(1, len(options) + 1)]
            for o in options:
                self.fields[f"rank_{o.number}"] = forms.TypedChoiceField(
                    label=interpolate_lazy(_("Rank of %(option)s"), {"option": o.label}),
                    coerce=int, required=False, empty_value=None, choices=ranks)

    def rank_fields(self) -> list:
        return [(o, self[f"rank_{o.number}"]) for o in self.options
                if f"rank_{o.number}" in self.fields]

    def score_fields(self) -> list:
        return [(o, self[f"score_{o.number}"]) for o in self.options
                if f"score_{o.number}" in self.fields]

    def clean(self):
        data = super().clean()
        if self.proposal.kind in RANKED_KINDS:
            ranked = [(data.get(f"rank_{o.number}"), o) for o in self.options]
            ranked = [(rank, o) for rank, o in ranked if rank is not None]
            seen: dict[int, str] = {}
            for rank, o in ranked:
                if rank in seen:
                    raise forms.ValidationError(interpolate_lazy(
                        _("%(first)s and %(second)s both have rank %(rank)s: give each option "
                          "its own rank."), {"first": seen[rank], "second": o.label,
                                            "rank": rank}), code="repeated_rank")
                seen[rank] = o.label
            if not ranked:
                raise forms.ValidationError(_("Rank at least one option."), code="empty")
            data["ranking"] = [o.number for _rank, o in sorted(ranked, key=lambda r: r[0])]
        return data

    def choice(self) -> dict:
        data, kind = self.cleaned_data, self.proposal.kind
        if kind in (Kind.YES_NO, Kind.CONSENSUS):
            return {"vote": data["vote"]}
        if kind == Kind.PLURALITY:
            return {"option": data["option"]}
        if kind == Kind.APPROVAL:
            return {"options": data["options"]}
        if kind == Kind.SCORE:
            return {"scores": [data[f"score_{o.number}"] for o in self.options]}
        return {"ranking": data["ranking"]}


class FindBallotForm(ReceiptForm):
    pass


class DelegationForm(forms.Form):
    scope = forms.ChoiceField(label=_("For"))
    delegate = forms.CharField(label=_("Your delegate"), max_length=200,
                               help_text=_("Their pseudonym, or their name, as members see it."))

    def __init__(self, *args, union: Union, scopes: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.union = union
        self.scopes = {scope_key(s): s for s in scopes}
        self.fields["scope"].choices = [
            (scope_key(s),
             _("Every vote of the whole union") if s is None
             else interpolate_lazy(_("Votes of %(chapter)s"), {"chapter": s.name}))
            for s in scopes]

    def clean(self):
        data = super().clean()
        data["chapter"] = self.scopes.get(data.get("scope", UNION))
        if data.get("delegate"):
            chosen, unknown = members_named(union=self.union, names=[data["delegate"]])
            if unknown:
                self.add_error("delegate", _("No single member of the union has that name."))
            else:
                data["delegate_user"] = chosen[0].user
        return data


class SettingsForm(forms.ModelForm):
    class Meta:
        model = GovernanceSettings
        fields = list(SETTINGS)
