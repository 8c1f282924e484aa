"""A page of rows for the HTML lists: ``db.paginate``'s page, holding rows of several columns.

``flask_sqlalchemy``'s ``SelectPagination`` keeps each row's first column (it expects one
entity); list pages that read narrow rows instead of objects use this one, with the same
``pagination`` macro. ``params`` are the values of the select's bound parameters: a select built
once (``core/statements.py``) gets its page and count built once too.
"""

from flask_sqlalchemy.pagination import SelectPagination

from dialogues.core.statements import page_and_count, page_values


class RowPagination(SelectPagination):
    def __init__(self, *, params: dict | None = None, **kwargs):
        self._params = params or {}  # before the parent reads the page
        super().__init__(**kwargs)

    def _query_items(self) -> list:
        paged, _counted = page_and_count(self._query_args["select"])
        values = page_values(self.page, self.per_page, self._params)
        return list(self._query_args["session"].execute(paged, values))

    def _query_count(self) -> int:
        _paged, counted = page_and_count(self._query_args["select"])
        return self._query_args["session"].scalar(counted, self._params)
