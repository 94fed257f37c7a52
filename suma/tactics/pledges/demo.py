"""The demo union's pledges (filled in with the app)."""


def pledges_demo_load(*, union) -> None:
    """Add this app's part of the demo union; running it again keeps what is there."""
