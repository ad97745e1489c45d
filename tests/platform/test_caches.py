import pytest
from django.core.cache import caches


def test_page_cache_works_and_fails_open_when_redis_is_down(redis_control):
    pages = caches["pages"]
    pages.set("page:/", "<html>home</html>", 60)
    assert pages.get("page:/") == "<html>home</html>"
    redis_control.stop()
    assert pages.get("page:/") is None  # a miss, not an error
    assert pages.set("page:/", "x", 60) is None
    assert pages.delete("page:/") is False


def test_the_page_cache_keeps_one_redis_client_and_comes_back_after_an_outage(redis_control):
    pages = caches["pages"]
    client = pages._cache.get_client()
    pages.set("page:/", "<html>home</html>", 60)
    assert pages.get("page:/") == "<html>home</html>"
    assert pages._cache.get_client() is client  # not a new client for every read
    redis_control.stop()
    assert pages.get("page:/") is None
    redis_control.start()
    # The same client takes a new connection from its pool once Redis is back.
    pages.set("page:/", "<html>again</html>", 60)
    assert pages.get("page:/") == "<html>again</html>"


@pytest.mark.django_db
def test_default_cache_is_the_database_and_survives_redis_outage(redis_control):
    redis_control.stop()
    caches["default"].set("rate-limit", 3, 60)
    assert caches["default"].get("rate-limit") == 3


@pytest.mark.django_db
def test_hsts_and_secure_redirect_in_production_style_settings(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/accounts/login/")["Location"].startswith("https://")
    response = client.get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
