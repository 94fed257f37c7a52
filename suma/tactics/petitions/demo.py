"""The demo union's petitions (filled in with the app)."""


def petitions_demo_load(*, union) -> None:
    """Add this app's part of the demo union; running it again keeps what is there."""
