"""The desk's rows write each registration's instant exactly as the ``|instant`` filter does."""

from datetime import UTC, datetime, timedelta

import pytest
from flask_babel import force_locale

from dialogues.core.templating import format_instant
from dialogues.registrations.desk_rows import _Instants


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "Asia/Muscat", "America/New_York"])
@pytest.mark.parametrize("language", ["en", "zh", "ar"])
def test_a_page_of_instants_reads_as_the_filter_writes_them(app, zone, language):
    start = datetime(2027, 3, 27, 22, 30, tzinfo=UTC)  # across a change of summer time
    instants = [start + timedelta(minutes=37 * step) for step in range(200)]
    with app.test_request_context(), force_locale(language):
        page = _Instants(zone)
        assert [page.text(i) for i in instants] == [format_instant(i, zone) for i in instants]
        assert page.text(None) == format_instant(None, zone)
