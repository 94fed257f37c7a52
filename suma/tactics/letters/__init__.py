"""Letters to representatives: letter campaigns, members matched to their representatives,
personalised letters sent by email or post, replies."""
