"""Campaigns on the shared fixture world, built with the real services."""

from suma.campaigns import services


def target(world, name: str = "Meta Platforms Ireland", country: str = "IE"):
    return services.organisation_create(by=world.steward, name=name, kind="platform",
                                        country=country)


def campaign(world, *, slug: str = "facebook", launch: bool = True, demands: int = 2):
    """A campaign of the organiser's chapter against one target, with section A of demands."""
    found = services.campaign_create(union=world.union, by=world.organiser,
                                     title="Transparency for Facebook users", slug=slug,
                                     targets=[target(world, name=f"Target of {slug}")],
                                     chapters=[world.chapter])
    section = services.section_create(campaign=found, code="A", title="Transparency")
    for n in range(demands):
        services.demand_create(section=section, text=f"Demand number {n + 1}.",
                               by=world.organiser)
    if launch:
        services.campaign_status_set(campaign=found, by=world.organiser, status="active")
    return found
