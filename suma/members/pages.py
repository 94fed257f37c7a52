"""What the pages of every app under /u/<union>/ share: the union a URL names, a permission
check, and the data a form is bound to."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from suma.core.errors import NotFound
from suma.members import selectors
from suma.members.models import Union


def union_or_404(slug: str) -> Union:
    try:
        return selectors.union_get(slug=slug)
    except NotFound:
        raise Http404 from None


def require(request: HttpRequest, perm: str, obj) -> None:
    """403 unless the user holds the permission on the object."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def posted(request: HttpRequest):
    """The form data of a POST (even an empty one), None for a GET: bound or unbound form."""
    return request.POST if request.method == "POST" else None
