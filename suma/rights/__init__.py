"""Data-rights requests under the GDPR."""
