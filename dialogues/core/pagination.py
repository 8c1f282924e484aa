"""A page of rows for the HTML lists: ``db.paginate``'s page, holding rows of several columns.

``flask_sqlalchemy``'s ``SelectPagination`` keeps each row's first column (it expects one
entity); list pages that read narrow rows instead of objects use this one, with the same
``pagination`` macro.
"""

import sqlalchemy as sa
from flask_sqlalchemy.pagination import SelectPagination


class RowPagination(SelectPagination):
    def _query_items(self) -> list:
        statement = self._query_args["select"]
        statement = statement.limit(self.per_page).offset(self._query_offset)
        return list(self._query_args["session"].execute(statement))

    def _query_count(self) -> int:
        statement = self._query_args["select"].order_by(None).subquery()
        counted = sa.select(sa.func.count()).select_from(statement)
        return self._query_args["session"].scalar(counted)
