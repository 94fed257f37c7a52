"""What every page needs: the unread count and the languages for the switcher."""

from django.conf import settings


def suma(request) -> dict:
    user = getattr(request, "user", None)

    def unread() -> int:
        if user is None or not user.is_authenticated:
            return 0
        return user.notifications.filter(read_at__isnull=True).count()

    return {"unread_count": unread, "LANGUAGES": settings.LANGUAGES}
