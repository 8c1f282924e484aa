"""URL converters: ``<id:...>`` matches only ids a database row can have (1 … 2³¹−1, the
range of the INTEGER primary keys on PostgreSQL).

Anything else (non-numeric, zero, beyond that range) does not match, so the answer is 404
rather than a database error.
"""

from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=MAX_ID)


def init_app(app) -> None:
    app.url_map.converters["id"] = IdConverter
