"""Test-run environment, loaded as a pytest plugin (`-p`) before Django reads its settings."""

import os

os.environ.setdefault("JISR_TESTING", "1")
os.environ.setdefault("PASSWORD_HASHERS", "django.contrib.auth.hashers.MD5PasswordHasher")
os.environ.setdefault(
    "JISR_VAR_DIR", os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "var", "test")
)
