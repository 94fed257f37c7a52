"""Shapes of what the API takes and gives."""

from datetime import datetime
from typing import Annotated

from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import model_validator

# Both engines store ids as signed 64-bit integers; a larger number is bad input, not a 500.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# PostgreSQL cannot store the NUL character in text, so no string we take may hold one.
NO_NUL = r"^[^\x00]*$"
# Text with at least one character that is not white space (services strip what they are
# given, and refuse what is left empty), and no NUL.
NOT_BLANK = r"^[^\x00]*[^\s\x00][^\x00]*$"
# An email address Django's EmailValidator accepts (dot-atom local part, hostname labels, a
# letters-only top-level domain), or nothing: so a schema-valid address is never refused.
EMAIL_OR_EMPTY = (r"^([A-Za-z0-9_%+-]+(\.[A-Za-z0-9_%+-]+)*"
                  r"@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})?$")
Slug = Annotated[str, Field(pattern=r"^[-a-zA-Z0-9_]+$", max_length=50)]


class Input(Schema):
    """A request body: a JSON object, never a list or a bare value read for its defaults."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data):
        # Ninja hands the parsed JSON over wrapped in a DjangoGetter.
        raw = data._obj if isinstance(data, DjangoGetter) else data
        if not isinstance(raw, dict):
            raise ValueError("Expected a JSON object.")
        return data


class Error(Schema):
    detail: str
    code: str = "invalid"
    field: str | None = None


class FieldError(Schema):
    field: str | None = Field(None, description="The field at fault, e.g. `pseudonym`")
    code: str
    detail: str
    loc: list[str | int] = Field(description="Where the field is: path, query or body, then names")


class ValidationErrorOut(Error):
    """Input that does not fit the schema: each fault with its field."""

    errors: list[FieldError] = []


class ChapterOut(Schema):
    slug: str
    name: str
    community: str
    place: str
    language: str
    join_rule: str
    member_count: int = 0


class UnionOut(Schema):
    slug: str
    name: str
    tagline: str
    description: str


class UnionDetailOut(UnionOut):
    member_count: int
    chapters: list[ChapterOut]


class MemberOut(Schema):
    id: int = Field(description="The membership's id")
    name: str = Field(description="The pseudonym, or the member's name")
    role: str


class ChapterMemberOut(Schema):
    id: int
    name: str
    role: str
    joined_at: datetime | None


class ApplyIn(Input):
    message: str = Field("", max_length=2000, pattern=NO_NUL)


class PlaceOut(Schema):
    id: int
    chapter: str
    union: str
    status: str
    role: str


class ApplicationOut(Schema):
    id: int
    name: str
    message: str
    applied_at: datetime


class DeclineIn(Input):
    reason: str = Field(..., min_length=1, max_length=2000, pattern=NO_NUL)


class PseudonymIn(Input):
    pseudonym: str = Field("", max_length=80, pattern=NO_NUL)


class MembershipOut(Schema):
    union: str
    role: str
    pseudonym: str
    chapters: list[PlaceOut]


class MeOut(Schema):
    id: int
    email: str
    name: str
    language: str
    memberships: list[MembershipOut]


class NotificationOut(Schema):
    id: int
    category: str
    title: str
    body: str
    url: str
    created_at: datetime
    read: bool


class MarkReadIn(Input):
    ids: list[Id] | None = Field(None, max_length=1000,
                                 description="The notifications to mark; all when left out")


class MarkReadOut(Schema):
    marked: int = Field(description="How many notifications were unread and are now read")


class AuditEntryOut(Schema):
    seq: int
    created_at: datetime
    actor_label: str
    action: str
    object_type: str
    object_id: str
    data: dict
    prev_hash: str
    hash: str
