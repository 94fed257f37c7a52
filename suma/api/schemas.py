"""Shapes of what the API takes and gives."""

from datetime import datetime

from ninja import Field, Schema


class Error(Schema):
    detail: str
    code: str = "invalid"
    field: str | None = None


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


class ApplyIn(Schema):
    message: str = Field("", max_length=2000)


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


class DeclineIn(Schema):
    reason: str = Field(..., min_length=1, max_length=2000)


class PseudonymIn(Schema):
    pseudonym: str = Field("", max_length=80)


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


class MarkReadIn(Schema):
    ids: list[int] | None = None


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
