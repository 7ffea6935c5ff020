"""Settings shared by every environment. Anything that differs comes from environment variables."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/phonlap
BASE_DIR = PACKAGE_DIR.parent.parent  # the checkout
VAR_DIR = Path(os.environ.get("PHONLAP_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]

# True only under settings.development: demo passwords and the demo mailbox exist only then.
DEMO_MODE = False

INSTALLED_APPS = [
    "phonlap.core",
    "phonlap.accounts",
    "phonlap.funds",
    "phonlap.organisations",
    "phonlap.proposals",
    "phonlap.review",
    "phonlap.monitoring",
    "phonlap.impact",
    "phonlap.outcomes",
    "phonlap.portal",
    "phonlap.api",
    "phonlap.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_filters",
    "django_htmx",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "phonlap.core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "phonlap.core.middleware.ContentSecurityPolicyMiddleware",
    "phonlap.accounts.middleware.AccountGateMiddleware",
]

ROOT_URLCONF = "phonlap.urls"
WSGI_APPLICATION = "phonlap.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "phonlap.core.context_processors.platform",
                "phonlap.menu.main_menu",
                "phonlap.core.notification_context.notifications",
            ],
            "builtins": ["phonlap.core.templatetags.thai"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        # An empty DATABASE_URL (as `make test-sqlite` sets it) means the embedded default too.
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'phonlap.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # PostgreSQL's JIT compiler costs 50–80 ms on every statistics aggregate over the reference
    # dataset and saves nothing at this size (issue 6's benchmark): pages want it off.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
else:
    # The statistics' covering indexes (``include=``) exist for PostgreSQL's index-only scans;
    # SQLite, the embedded default, builds them as plain indexes, which is all it needs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# PBKDF2 first: Django's default, following NIST SP 800-132 (spec 01).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
SESSION_COOKIE_AGE = 60 * 60 * 8  # a working day; spec 07 "session expiry"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- django-allauth: e-mail as the account name, mandatory verification (spec 01) ---
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False  # we keep the current session; others are cut
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "20/h/ip",
    "confirm_email": "3/3m/key",
    "reset_password": "5/h/ip,3/h/key",
}
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_FORMS = {"signup": "phonlap.accounts.forms.SignupForm"}
ACCOUNT_ADAPTER = "phonlap.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Phonlap] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Phonlap"

# --- internationalisation: Thai first, English second ---
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Bangkok"
LANGUAGE_COOKIE_NAME = "phonlap_language"

# --- static and uploaded files ---
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "private"  # never served directly: downloads go through views
MEDIA_URL = "/private-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "private"), "base_url": "/private-not-served/"},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# A proposal's section 2 posts every step and activity at once (about six fields each): room for
# several hundred activities, while still bounding a request.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
ID_CARD_IMAGE_MAX_BYTES = 5 * 1024 * 1024
PROPOSAL_ATTACHMENT_MAX_BYTES = int(os.environ.get("PROPOSAL_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))

# --- e-mail: sent after commit through Celery (core.notifications) ---
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Phonlap <no-reply@phonlap.local>")

# --- Celery: eager in-process without a broker, Redis with one ---
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "purge-deleted-accounts": {
        "task": "phonlap.accounts.tasks.purge_deleted_accounts",
        "schedule": 60 * 60 * 24,
    },
    # The durable outbox: resend due unsent mail (a mail server that was down), core.tasks.
    "flush-outbox": {
        "task": "phonlap.core.tasks.flush_outbox",
        "schedule": 60,
    },
    # Quarterly reports: open ended quarters' reports, remind before due, flag overdue (once).
    "send-report-reminders": {
        "task": "phonlap.monitoring.tasks.send_report_reminders",
        "schedule": 60 * 60 * 24,
    },
}

# --- cache: Redis when configured, local memory otherwise ---
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache",
         "LOCATION": os.environ["REDIS_CACHE_URL"]}
        if os.environ.get("REDIS_CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- REST API v1 ---
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 30,
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.UserRateThrottle",
        "rest_framework.throttling.AnonRateThrottle",
    ],
    # "token": POST /api/v1/auth/token/, per client address and per e-mail typed.
    "DEFAULT_THROTTLE_RATES": {"user": "1000/hour", "anon": "100/hour", "token": "10/minute"},
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "phonlap.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Phonlap API",
    "DESCRIPTION": "REST API v1 of Phonlap (ผลลัพธ์)",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name ("status") get their own component names.
    "ENUM_NAME_OVERRIDES": {
        "ProposalStatusEnum": "phonlap.proposals.enums.ProposalStatus",
        "MembershipStatusEnum": "phonlap.organisations.enums.MembershipStatus",
    },
}

# --- security headers that hold everywhere ---
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the cookie-less meta tag instead
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
