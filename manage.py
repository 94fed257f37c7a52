#!/usr/bin/env python
"""Django's command line for Suma (the `suma` command wraps the common tasks)."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "suma.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
