"""Jisr settings: one module, driven by the environment (see README "Configuration")."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("JISR_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
JISR_DEMO = env_bool("JISR_DEMO", False)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or JISR_DEMO or env_bool("JISR_TESTING", False):
        SECRET_KEY = "jisr-insecure-development-key-never-use-in-production-0123456789"
    else:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set outside demo and debug mode.")

# Keys that encrypt sensitive fields at rest (Fernet, urlsafe base64 of 32 bytes), newest first:
# JISR_FIELD_KEYS="new,old" decrypts with either and encrypts with the first; `jisr rotate_field_keys`
# re-encrypts every stored value with the first. Demo and tests derive one from SECRET_KEY.
JISR_FIELD_KEYS = env_list("JISR_FIELD_KEYS", [])
if not JISR_FIELD_KEYS:
    if DEBUG or JISR_DEMO or env_bool("JISR_TESTING", False):
        import base64
        import hashlib

        JISR_FIELD_KEYS = [base64.urlsafe_b64encode(hashlib.sha256(SECRET_KEY.encode()).digest()).decode()]
    else:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("JISR_FIELD_KEYS (or JISR_FIELD_KEYS_FILE) must be set outside demo and debug mode.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "ninja",  # the API docs page from ninja's own static files (no CDN, no inline script)
    "jisr.core",
    "jisr.territories",
    "jisr.accounts",
    "jisr.centers",
    "jisr.people",
    "jisr.cases",
    "jisr.referrals",
    "jisr.training",
    "jisr.privacy",
    "jisr.registry",
    "jisr.programs",
    "jisr.notifications",
    "jisr.attachments",
    "jisr.khadamati",
    "jisr.socialmap",
    "jisr.watch",
    "jisr.strategy",
    "jisr.partnerships",
    "jisr.consultations",
    "jisr.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "jisr.core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jisr.core.middleware.SessionActivityMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "jisr.accounts.middleware.TwoFactorEnforcementMiddleware",
    "jisr.khadamati.middleware.CitizenAreaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jisr.core.context_processors.jisr",
                "jisr.notifications.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'jisr.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Embedded mode serves several users at once: WAL lets readers go on while one writer writes;
    # IMMEDIATE takes the write lock when a transaction begins (a deferred one that upgrades later fails at
    # once with "database is locked" instead of waiting); the busy timeout makes a second writer wait for
    # the lock, up to JISR_SQLITE_TIMEOUT seconds, instead of failing after Python's default 5 s.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("JISR_SQLITE_TIMEOUT", 20),
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (`include=`) serve the dashboards on PostgreSQL; SQLite builds them without the extra
# columns, which is all it can do and is right there: the warning says nothing to act on.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
# How long an API `Idempotency-Key` and its stored answer are kept (jisr/core/idempotency.py).
IDEMPOTENCY_KEY_HOURS = env_int("JISR_IDEMPOTENCY_KEY_HOURS", 24)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "jisr.accounts.backends.StaffModelBackend",
    # Sessions opened by a Khadamati one-time code (it authenticates nothing by credentials itself).
    "jisr.khadamati.auth.CitizenBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = env_list(
    "PASSWORD_HASHERS",
    ["django.contrib.auth.hashers.PBKDF2PasswordHasher"],
)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# Lockout after repeated failures (django-axes).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
# Three counters, each with its own limit (jisr/accounts/lockout.py): a username from one address
# (AXES_FAILURE_LIMIT), one address across usernames (password spraying; high enough that an office
# behind one NAT address is not locked by one typo-prone user, who is locked alone at 5), and one
# username across addresses (a password guessed from many machines).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address", "username"]
JISR_LOCKOUT_ADDRESS_LIMIT = env_int("JISR_LOCKOUT_ADDRESS_LIMIT", 20)
JISR_LOCKOUT_USERNAME_LIMIT = env_int("JISR_LOCKOUT_USERNAME_LIMIT", 10)
AXES_HANDLER = "jisr.accounts.lockout.SeparateLimitsHandler"
# Reverse proxies in front of Jisr that append the client's address to X-Forwarded-For (0: none,
# the header is ignored; 1 with BEHIND_TLS_PROXY by default): the lockout counts that address.
JISR_PROXY_HOPS = env_int("JISR_PROXY_HOPS", 1 if env_bool("BEHIND_TLS_PROXY", False) else 0)
AXES_CLIENT_IP_CALLABLE = "jisr.accounts.lockout.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# JSON 429 for the API, the translated page above for the site.
AXES_LOCKOUT_CALLABLE = "jisr.accounts.lockout.lockout_response"
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# Two-factor authentication: roles listed here must verify a TOTP device.
JISR_2FA_REQUIRED_ROLES = env_list("JISR_2FA_REQUIRED_ROLES", [])
OTP_TOTP_ISSUER = "Jisr"

# API bearer tokens.
JISR_API_TOKEN_TTL_HOURS = env_int("JISR_API_TOKEN_TTL_HOURS", 12)

LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("fr", _("French")), ("en", _("English"))]
LANGUAGES_BIDI = ["ar"]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "jisr_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
USE_I18N = True
TIME_ZONE = "Africa/Casablanca"
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
# Serve static files from the app and vendor folders without collectstatic in demo and tests;
# production runs `jisr collectstatic` and whitenoise serves STATIC_ROOT.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", True)
# collectstatic also writes a gzip copy of each text file, which whitenoise sends to browsers that accept it: a
# first visit on a phone costs about 34 KB instead of 240 KB (Bootstrap's style sheet is most of it).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = DEBUG

# Days without any activity after which an open case shows as stalled on its center manager's home.
JISR_STALLED_CASE_DAYS = env_int("JISR_STALLED_CASE_DAYS", 14)
# Days within which a data-subject request (access, rectification, opposition) is answered.
JISR_DSR_ANSWER_DAYS = env_int("JISR_DSR_ANSWER_DAYS", 30)
# Days after which uploaded files and the reports made from them are deleted (`jisr purge_uploads`).
JISR_UPLOAD_RETENTION_DAYS = env_int("JISR_UPLOAD_RETENTION_DAYS", 30)
# Documents attached to persons and cases (jisr/attachments): stored encrypted in this folder, outside the
# web root (never under MEDIA_ROOT), and refused above this size (checked while the upload streams in).
JISR_ATTACHMENTS_DIR = Path(env_str("JISR_ATTACHMENTS_DIR", str(VAR_DIR / "attachments")))
JISR_ATTACHMENT_MAX_MB = env_int("JISR_ATTACHMENT_MAX_MB", 10)
# Photos of the rehabilitation works (jisr/centers/works): JPEG or PNG only, re-encoded without their metadata
# (EXIF, GPS position), stored encrypted in this folder outside the web root, refused above this size.
JISR_WORKS_PHOTOS_DIR = Path(env_str("JISR_WORKS_PHOTOS_DIR", str(VAR_DIR / "works-photos")))
JISR_WORKS_PHOTO_MAX_MB = env_int("JISR_WORKS_PHOTO_MAX_MB", 8)
# The TrueType font of certificate PDFs (Arabic and Latin): Debian's fonts-hosny-amiri by default.
JISR_CERTIFICATE_FONT = env_str(
    "JISR_CERTIFICATE_FONT", "/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf"
)
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "jisr@localhost")
# Where the file e-mail backend (django.core.mail.backends.filebased.EmailBackend) writes its messages.
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
# The address of the site, for the links of messages read outside it (notification e-mails).
JISR_SITE_URL = env_str("JISR_SITE_URL", "http://127.0.0.1:8000")
# Days after which notifications, read or not, are deleted (`notifications.purge`, `jisr purge_notifications`).
JISR_NOTIFICATION_RETENTION_DAYS = env_int("JISR_NOTIFICATION_RETENTION_DAYS", 90)
# Days before a follow-up's date when its social worker is told it is due (0: on the day).
JISR_FOLLOWUP_NOTICE_DAYS = env_int("JISR_FOLLOWUP_NOTICE_DAYS", 0)

# Short messages (jisr/core/sms): the backend that sends them, as EMAIL_BACKEND does for e-mail. The console
# backend prints them (demo), the locmem one keeps them in `jisr.core.sms.outbox` (tests), the HTTP one posts
# them as JSON to a provider: JISR_SMS_HTTP_URL, with `Authorization: Bearer JISR_SMS_HTTP_TOKEN` (or
# JISR_SMS_HTTP_TOKEN_FILE), from the sender name JISR_SMS_SENDER, waiting at most JISR_SMS_HTTP_TIMEOUT seconds.
JISR_SMS_BACKEND = env_str("JISR_SMS_BACKEND", "jisr.core.sms.backends.ConsoleBackend")
JISR_SMS_HTTP_URL = env_str("JISR_SMS_HTTP_URL", "")
JISR_SMS_HTTP_TOKEN = env_str("JISR_SMS_HTTP_TOKEN", "")
JISR_SMS_SENDER = env_str("JISR_SMS_SENDER", "Khadamati")
JISR_SMS_HTTP_TIMEOUT = env_int("JISR_SMS_HTTP_TIMEOUT", 10)

# Khadamati (docs/khadamati.md): citizens sign in with a six-digit code sent to their mobile number or e-mail.
# A code lives JISR_OTP_CODE_MINUTES; at most JISR_OTP_SENDS_PER_DESTINATION codes go to one number or
# address per JISR_OTP_DESTINATION_WINDOW_MINUTES, and at most JISR_OTP_SENDS_PER_ADDRESS are asked from one
# client address per JISR_OTP_ADDRESS_WINDOW_MINUTES; JISR_OTP_FAILURE_LIMIT wrong codes for one number or
# address lock it for JISR_OTP_LOCKOUT_MINUTES (no code sent, none accepted).
JISR_OTP_CODE_MINUTES = env_int("JISR_OTP_CODE_MINUTES", 5)
JISR_OTP_SENDS_PER_DESTINATION = env_int("JISR_OTP_SENDS_PER_DESTINATION", 3)
JISR_OTP_DESTINATION_WINDOW_MINUTES = env_int("JISR_OTP_DESTINATION_WINDOW_MINUTES", 15)
JISR_OTP_SENDS_PER_ADDRESS = env_int("JISR_OTP_SENDS_PER_ADDRESS", 20)
JISR_OTP_ADDRESS_WINDOW_MINUTES = env_int("JISR_OTP_ADDRESS_WINDOW_MINUTES", 60)
JISR_OTP_FAILURE_LIMIT = env_int("JISR_OTP_FAILURE_LIMIT", 5)
JISR_OTP_LOCKOUT_MINUTES = env_int("JISR_OTP_LOCKOUT_MINUTES", 15)
# Documents that support a declaration of representation: PDF, JPEG or PNG up to this size, stored encrypted
# in JISR_KHADAMATI_FILES_DIR, outside the web root (never under MEDIA_ROOT).
JISR_KHADAMATI_FILES_DIR = Path(env_str("JISR_KHADAMATI_FILES_DIR", str(VAR_DIR / "khadamati")))
# The minutes of consultation meetings (docs/consultations.md): PDF, encrypted, outside the web root.
JISR_CONSULTATIONS_FILES_DIR = Path(env_str("JISR_CONSULTATIONS_FILES_DIR", str(VAR_DIR / "consultations")))
# How long the public consultation pages and open data are cached (every write of the app clears them).
JISR_CONSULTATIONS_PUBLIC_CACHE_SECONDS = env_int("JISR_CONSULTATIONS_PUBLIC_CACHE_SECONDS", 300)
JISR_KHADAMATI_DOCUMENT_MAX_MB = env_int("JISR_KHADAMATI_DOCUMENT_MAX_MB", 5)
JISR_KHADAMATI_DOCUMENT_MAX_PAGES = env_int("JISR_KHADAMATI_DOCUMENT_MAX_PAGES", 30)
# Partnerships (docs/partnerships.md): the signed conventions are stored encrypted in JISR_PARTNERSHIPS_FILES_DIR
# (PDF, JPEG or PNG up to JISR_PARTNERSHIPS_DOCUMENT_MAX_MB); a disbursement or an expenditure whose amount exceeds
# JISR_PARTNERSHIPS_FOUR_EYES_MAD (whole MAD) counts only once a second person has validated it.
JISR_PARTNERSHIPS_FILES_DIR = Path(env_str("JISR_PARTNERSHIPS_FILES_DIR", str(VAR_DIR / "partnerships")))
JISR_PARTNERSHIPS_DOCUMENT_MAX_MB = env_int("JISR_PARTNERSHIPS_DOCUMENT_MAX_MB", 10)
JISR_PARTNERSHIPS_FOUR_EYES_MAD = env_int("JISR_PARTNERSHIPS_FOUR_EYES_MAD", 500_000)
# The IATI organisation identifier of the reporting ministry, prefix of every exported activity's identifier.
JISR_PARTNERSHIPS_IATI_PREFIX = env_str("JISR_PARTNERSHIPS_IATI_PREFIX", "XM-MA-MSISF")
# Khadamati's requests (docs/khadamati.md, "Settings"): the texts set no delays, so these are Jisr's defaults.
# A refused document is to be replaced within JISR_KHADAMATI_REPLACEMENT_DAYS; a refusal may be reconsidered on
# request within JISR_KHADAMATI_RECONSIDERATION_DAYS, and a refused reconsideration appealed within
# JISR_KHADAMATI_APPEAL_DAYS; the card is valid JISR_KHADAMATI_CARD_VALIDITY_YEARS (decree 2.22.1075: seven).
JISR_KHADAMATI_REPLACEMENT_DAYS = env_int("JISR_KHADAMATI_REPLACEMENT_DAYS", 15)
JISR_KHADAMATI_RECONSIDERATION_DAYS = env_int("JISR_KHADAMATI_RECONSIDERATION_DAYS", 30)
JISR_KHADAMATI_APPEAL_DAYS = env_int("JISR_KHADAMATI_APPEAL_DAYS", 60)
JISR_KHADAMATI_MORE_INFORMATION_DAYS = env_int("JISR_KHADAMATI_MORE_INFORMATION_DAYS", 30)
JISR_KHADAMATI_CARD_VALIDITY_YEARS = env_int("JISR_KHADAMATI_CARD_VALIDITY_YEARS", 7)
# A person who missed the medical committee's convocation is asked to contact the office within
# JISR_KHADAMATI_CONVOCATION_MISSED_DAYS for a new date (unless the office sets one at once); past it, the committee
# may record its findings on the file alone (a setting: the sources are silent).
JISR_KHADAMATI_CONVOCATION_MISSED_DAYS = env_int("JISR_KHADAMATI_CONVOCATION_MISSED_DAYS", 15)
# The service level of each step (days the office has before a request is late there).
JISR_KHADAMATI_SLA_DAYS = {
    "submitted": env_int("JISR_KHADAMATI_SLA_DOCUMENTS_DAYS", 7),
    "medical_committee": env_int("JISR_KHADAMATI_SLA_MEDICAL_DAYS", 30),
    "social_assessment": env_int("JISR_KHADAMATI_SLA_ASSESSMENT_DAYS", 21),
    "committee_decision": env_int("JISR_KHADAMATI_SLA_DECISION_DAYS", 30),
    "granted": env_int("JISR_KHADAMATI_SLA_CARD_DAYS", 15),
    "reconsideration": env_int("JISR_KHADAMATI_SLA_RECONSIDERATION_DAYS", 30),
    "appeal": env_int("JISR_KHADAMATI_SLA_APPEAL_DAYS", 60),
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG and not JISR_DEMO)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", SECURE_HSTS_SECONDS > 0)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# The CSRF token is read from the page (hx-headers on <body>, {% csrf_token %} in forms), never
# from the cookie, so script has no use for the cookie and may not read it.
CSRF_COOKIE_HTTPONLY = True
# A refused CSRF check gets the site's error page, in the user's language, with a way back.
CSRF_FAILURE_VIEW = "jisr.core.errors.csrf_failure"
# Idle timeout: a session ends after this many minutes without a request; activity extends it
# (jisr.core.middleware.SessionActivityMiddleware, at most one session write a minute).
JISR_SESSION_IDLE_MINUTES = env_int("JISR_SESSION_IDLE_MINUTES", 8 * 60)
SESSION_COOKIE_AGE = JISR_SESSION_IDLE_MINUTES * 60

# Content-Security-Policy (django-csp): scripts, styles, fonts and images only from Jisr's own
# static files; no inline script or style attribute, no plugin, no framing, forms post only here.
# data: images are Bootstrap's CSS icons (select arrow, menu toggler, close button).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Celery: eager in embedded mode, a Redis broker in production (CELERY_BROKER_URL).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "memory://")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", CELERY_BROKER_URL == "memory://")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# Periodic tasks, run by ONE `celery -A config beat` process next to the workers (docs/notifications.md).
# Times are Morocco's (CELERY_TIMEZONE): the detections first, the daily digest at the end of the working day.
CELERY_BEAT_SCHEDULE = {
    "referrals-overdue": {"task": "referrals.notify_overdue", "schedule": crontab(hour=7, minute=0)},
    "followups-due": {"task": "cases.notify_followups_due", "schedule": crontab(hour=7, minute=5)},
    "notifications-digest": {"task": "notifications.send_digests", "schedule": crontab(hour=17, minute=30)},
    "notifications-purge": {"task": "notifications.purge", "schedule": crontab(hour=3, minute=15)},
    "socialmap-refresh": {"task": "socialmap.refresh_nightly", "schedule": crontab(hour=2, minute=30)},
    "socialmap-stalled": {"task": "socialmap.mark_stalled_refreshes", "schedule": crontab(minute="*/5")},
    # the dashboards' kept monthly figures, recomputed whole (the services keep them fresh during the day)
    "dashboard-months": {"task": "cases.rebuild_dashboard_months", "schedule": crontab(hour=2, minute=50)},
    # after the social map's refresh: the coverage signal reads its stored figures (docs/watch.md)
    "watch-evaluate": {"task": "watch.evaluate_rules", "schedule": crontab(hour=6, minute=30)},
    "strategy-refresh": {"task": "strategy.refresh_nightly", "schedule": crontab(hour=3, minute=0)},
}
# Without a broker, long work runs in a thread of the web process so its page shows progress
# (jisr/core/background.py); the test suite runs it inline.
JISR_BACKGROUND_THREAD = env_bool(
    "JISR_BACKGROUND_THREAD", CELERY_TASK_ALWAYS_EAGER and not env_bool("JISR_TESTING", False)
)
# Recompute the social map after each import, scoring, enrolment or rule change. Off by default in the embedded
# mode (no broker, one SQLite file): the recomputation writes every stored layer in one transaction, and the web
# process's own requests would wait on SQLite's single writer meanwhile; run `jisr refresh_socialmap` instead.
# Off in the test suite too, where the tasks run inline: every test that enrols or imports would pay for a whole
# recomputation (seconds each); the tests of the trigger turn it on.
JISR_SOCIALMAP_REFRESH_ON_WRITE = env_bool(
    "JISR_SOCIALMAP_REFRESH_ON_WRITE", not JISR_BACKGROUND_THREAD and not env_bool("JISR_TESTING", False)
)
# The dashboards read the months before the current one from the figures kept per center and month
# (jisr/cases/dashboard_months.py); off: every month is counted live from the cases.
JISR_DASHBOARD_MONTHS = env_bool("JISR_DASHBOARD_MONTHS", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# A running import whose worker gives no sign of life (heartbeat) for this long is marked failed.
JISR_IMPORT_STALLED_SECONDS = env_int("JISR_IMPORT_STALLED_SECONDS", 600)
# A running recomputation of the social map without a sign of life for this long is marked failed, so that the
# next one can start (docs/socialmap.md, "Refresh").
JISR_SOCIALMAP_STALLED_SECONDS = env_int("JISR_SOCIALMAP_STALLED_SECONDS", 600)
# File intakes (jisr/core/intake, docs/imports.md): limits per intake ("centers", "registry", …) or for
# all ("default"), overriding the code's defaults, e.g. {"centers": {"rows": 20000}}. Keys: upload_bytes,
# expanded_bytes, ratio, ratio_grace_bytes, rows, columns, cell_chars.
INTAKE_LIMITS: dict[str, dict[str, int]] = {}
