import pytest

from phonlap.core.models import DemoEmail
from phonlap.core.tasks import send_email

pytestmark = pytest.mark.django_db


def test_demo_mailbox_is_404_outside_demo_mode(client, settings):
    settings.DEMO_MODE = False
    DemoEmail.objects.create(to="a@example.org", subject="Secret subject", body="x")
    response = client.get("/demo/mailbox/")
    assert response.status_code == 404
    assert "Secret subject" not in response.content.decode()


def test_demo_mailbox_shows_the_mail_sent_in_demo_mode(client, settings):
    settings.DEMO_MODE = True
    settings.EMAIL_BACKEND = "phonlap.core.mail.DemoMailboxBackend"
    send_email.delay(to=["newcomer@example.org"], subject="Confirm your address",
                     body="Open http://127.0.0.1:8000/accounts/confirm-email/abc/")
    response = client.get("/demo/mailbox/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Confirm your address" in page
    assert "newcomer@example.org" in page
    assert 'href="http://127.0.0.1:8000/accounts/confirm-email/abc/"' in page
