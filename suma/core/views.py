"""Pages of the core: error pages, language, notifications, API tokens, the audit log."""

import csv
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from suma.core import notifications as notes
from suma.core.audit import audit_verify
from suma.core.models import AuditEntry
from suma.core.tokens import api_token_create, api_token_revoke


def error_400(request, exception=None):
    return render(request, "400.html", status=400)


def error_403(request, exception=None):
    return render(request, "403.html", {"reason": _exception_message(exception)}, status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    return render(request, "500.html", status=500)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


def rate_limited(request, exception=None):
    return render(request, "429.html", status=429)


MAX_ID = 2**63 - 1  # ids are signed 64-bit on both engines


def object_id(value: str | None) -> int | None:
    """A posted id, or None when it is not a plain positive number that fits the database."""
    if not value or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


def _exception_message(exception) -> str:
    message = getattr(exception, "message", None)
    return str(message) if message else ""


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """The switcher: a POST form, so it works without JavaScript; saved for members."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()},
                                           request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES) and check_for_language(language):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language,
                            max_age=365 * 24 * 3600, samesite="Lax",
                            secure=settings.SESSION_COOKIE_SECURE)
        if request.user.is_authenticated:
            from suma.members.services import user_set_language

            user_set_language(user=request.user, language=language)
    return response


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(notes.notification_list(user=request.user), 25).get_page(
        request.GET.get("page"))
    return render(request, "core/notifications.html", {"page": page})


@login_required
@require_POST
def notification_mark_read(request: HttpRequest) -> HttpResponse:
    posted = request.POST.getlist("id")
    ids = [i for i in map(object_id, posted) if i is not None]
    # No id means "mark all"; ids that are all malformed mark none.
    notes.notifications_mark_read(user=request.user, ids=ids if posted else None)
    return redirect("notification_list")


@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        for category in notes.CATEGORIES:
            notes.preference_set(user=request.user, category=category,
                                 in_app=request.POST.get(f"{category}-in_app") == "on",
                                 email=request.POST.get(f"{category}-email") == "on")
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notification_preferences")
    prefs = notes.preferences_for(request.user)
    rows = [(key, label, *prefs[key]) for key, label in notes.CATEGORIES.items()]
    return render(request, "core/notification_preferences.html", {"rows": rows})


# Exempt from CSRF: mail providers send the one-click POST (RFC 8058) without a CSRF token;
# the signed token in the address is the authority, and it only turns an email off.
@csrf_exempt
def notification_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The email's link opens a page; its button (a POST, or a one-click POST) unsubscribes."""
    from suma.members.models import User

    found = notes.unsubscribe_read(token)
    if found is None:
        return render(request, "core/unsubscribe.html", {"invalid": True}, status=400)
    user_id, category = found
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return render(request, "core/unsubscribe.html", {"invalid": True}, status=400)
    done = False
    if request.method == "POST":
        current = notes.preferences_for(user)[category]
        notes.preference_set(user=user, category=category, in_app=current[0], email=False)
        done = True
    return render(request, "core/unsubscribe.html",
                  {"category": notes.CATEGORIES[category], "done": done})


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    new_token = None
    if request.method == "POST":
        if "revoke" in request.POST:
            api_token_revoke(user=request.user, token_id=object_id(request.POST["revoke"]) or 0)
            messages.success(request, _("The token is revoked."))
            return redirect("token_list")
        name = request.POST.get("name", "").strip()
        if not name or len(name) > 100 or "\x00" in name:
            messages.error(request, _("Give the token a name of at most 100 characters."))
        else:
            _token, new_token = api_token_create(user=request.user, name=name)
    return render(request, "core/tokens.html",
                  {"tokens": request.user.api_tokens.all(), "new_token": new_token})


def _steward_gate(request: HttpRequest) -> HttpResponse | None:
    """The audit log is for stewards of a union, signed in with two factors."""
    from suma.members.models import Membership, UnionRole

    steward_of = [m.union for m in Membership.objects.filter(
        user=request.user, role=UnionRole.STEWARD).select_related("union")]
    if not steward_of:
        return error_403(request)
    if not request.user.has_perm("members.view_audit_log", steward_of[0]):
        messages.warning(request, _("Stewards need two-factor authentication. Set it up to "
                                    "continue."))
        return redirect(reverse("mfa_activate_totp") + "?next=" + request.path)
    return None


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if (denied := _steward_gate(request)) is not None:
        return denied
    entries = AuditEntry.objects.order_by("-seq")
    action = request.GET.get("action", "").replace("\x00", "").strip()
    if action:
        entries = entries.filter(action__startswith=action)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    broken = audit_verify() if request.GET.get("verify") else None
    return render(request, "core/audit_log.html", {
        "page": page, "action": action, "verified": bool(request.GET.get("verify")),
        "broken": broken})


@login_required
def audit_export(request: HttpRequest) -> HttpResponse:
    if (denied := _steward_gate(request)) is not None:
        return denied
    fmt = request.GET.get("format", "jsonl")
    rows = AuditEntry.objects.order_by("seq").iterator(chunk_size=2000)
    if fmt == "csv":
        class Echo:
            def write(self, value):
                return value

        writer = csv.writer(Echo())
        header = ["seq", "created_at", "actor_id", "actor_label", "action", "object_type",
                  "object_id", "data", "prev_hash", "hash"]

        def csv_rows():
            yield writer.writerow(header)
            for e in rows:
                yield writer.writerow([e.seq, e.created_at.isoformat(), e.actor_id, e.actor_label,
                                       e.action, e.object_type, e.object_id,
                                       json.dumps(e.data, sort_keys=True), e.prev_hash, e.hash])

        response = StreamingHttpResponse(csv_rows(), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="suma-audit.csv"'
        return response

    def jsonl_rows():
        for e in rows:
            yield json.dumps({**e.content(), "prev_hash": e.prev_hash, "hash": e.hash},
                             sort_keys=True) + "\n"

    response = StreamingHttpResponse(jsonl_rows(), content_type="application/x-ndjson")
    response["Content-Disposition"] = 'attachment; filename="suma-audit.jsonl"'
    return response
