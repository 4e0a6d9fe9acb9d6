"""An index with non-key (INCLUDE) columns on PostgreSQL and only its key columns elsewhere.

SQLite, the development default, has no covering indexes: Django drops the INCLUDE there and
warns about it (models.W040) on every management command, `migrate` included. This index keeps
the non-key columns out of `include`, where the check looks, and adds them only when the index
is created on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.backends.ddl_references import Statement


class PostgresCoveringIndex(models.Index):
    def __init__(self, *, covering: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.covering = tuple(covering)

    def deconstruct(self) -> Any:
        path, args, kwargs = super().deconstruct()
        kwargs["covering"] = self.covering
        return path, args, kwargs

    def create_sql(
        self,
        model: type[models.Model],
        schema_editor: BaseDatabaseSchemaEditor,
        using: str = "",
        **kwargs: Any,
    ) -> Statement:
        if schema_editor.connection.vendor != "postgresql" or not self.covering:
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        index = models.Index(
            fields=list(self.fields),
            name=self.name,
            include=list(self.covering),
            db_tablespace=self.db_tablespace,
        )
        return index.create_sql(model, schema_editor, using=using, **kwargs)
