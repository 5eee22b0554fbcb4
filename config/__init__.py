"""Jisr's project configuration; the Celery app is loaded with Django so that shared tasks use it."""

from config.celery import app as celery_app

__all__ = ("celery_app",)
