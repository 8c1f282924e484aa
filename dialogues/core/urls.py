"""URL converters: ``<id:...>`` matches only ids a database row can have (1 … 2³¹−1, the
range of the INTEGER primary keys on PostgreSQL).

Anything else (non-numeric, zero, beyond that range) does not match, so the answer is 404
rather than a database error.
"""

from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


# Every decimal from 1 to 2147483647 without leading zeros, digit by digit. Refusing larger
# numbers in the pattern itself (not only in ``to_python``) matters: Werkzeug's router, when a
# value fails conversion for one rule but the path fits a rule with other methods, answered
# 405 instead of 404.
ID_PATTERN = (
    r"(?:[1-9]\d{0,8}|1\d{9}|20\d{8}|21[0-3]\d{7}|214[0-6]\d{6}|2147[0-3]\d{5}"
    r"|21474[0-7]\d{4}|214748[0-2]\d{3}|2147483[0-5]\d{2}|21474836[0-3]\d|214748364[0-7])"
)


class IdConverter(IntegerConverter):
    regex = ID_PATTERN

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=MAX_ID)


def init_app(app) -> None:
    app.url_map.converters["id"] = IdConverter
