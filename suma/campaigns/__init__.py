"""Campaigns: targets, grievance lists of demands, and a public timeline."""
