"""DATABASE_URL becomes Django's DATABASES entry, with the driver options it may carry."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from jfa.settings import database_from_url


def test_postgresql_prepares_the_ledger_statement_unless_switched_off(monkeypatch):
    options = database_from_url("postgres://u:p@db:5432/jfa")["OPTIONS"]
    assert options == {"prepare_threshold": 5}

    monkeypatch.setenv("DB_PREPARED_STATEMENTS", "false")
    assert "prepare_threshold" not in database_from_url("postgres://u:p@db:5432/jfa")["OPTIONS"]


def test_driver_options_in_the_url_arrive_typed():
    options = database_from_url("postgres://db/jfa?prepare_threshold=0&server_side_binding=true")["OPTIONS"]
    assert options == {"prepare_threshold": 0, "server_side_binding": True}
    assert database_from_url("postgres://db/jfa?server_side_binding=no")["OPTIONS"]["server_side_binding"] is False


def test_a_bad_prepare_threshold_is_a_clear_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="prepare_threshold must be a whole number"):
        database_from_url("postgres://db/jfa?prepare_threshold=soon")
