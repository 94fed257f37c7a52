"""Shared machinery: the audit chain, notifications, background jobs, API tokens, errors."""
