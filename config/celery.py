"""Celery application (eager in embedded mode; Redis broker in production)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
app = Celery("jisr")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
