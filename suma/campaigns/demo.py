"""The demo union's campaigns (filled in with the app)."""


def campaigns_demo_load(*, union) -> None:
    """Add this app's part of the demo union; running it again keeps what is there."""
