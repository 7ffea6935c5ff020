import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory


@pytest.fixture
def client_for():
    """An API client signed in with a token of ``user`` (Accept-Language: en by default)."""

    def make(user, language="en"):
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        if language:
            client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        return client

    return make


@pytest.fixture
def user(db):
    return UserFactory(language="en")


@pytest.fixture
def api(user, client_for):
    return client_for(user)


@pytest.fixture
def anon():
    client = APIClient()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
