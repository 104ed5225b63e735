"""Dagster metadata of the contract tables: owners, kinds, table path and column schema.

Attached to the assets in `orchestration.definitions` (one place, so the domain modules stay
wiring only). The facts (domain, layer, columns) come from the table contract `lake.catalog`;
this module only translates them into Dagster's terms.
"""

import dagster as dg

from lake import catalog

OWNERS = {
    "survey": ["team:survey-data"],
    "news": ["team:news-data"],
    "reference": ["team:data-platform"],
}


def column_schema(info: catalog.TableInfo) -> dg.TableSchema:
    return dg.TableSchema(columns=[dg.TableColumn(c.name, c.type, description=c.description) for c in info.columns])


SCHEMAS: dict[str, dg.TableSchema] = {
    name: column_schema(info) for name, info in catalog.TABLES.items() if info.columns
}


def annotate(spec: dg.AssetSpec) -> dg.AssetSpec:
    """Owners, kinds, the Delta table path and the column schema for a contract-table asset."""
    table = "/".join(spec.key.path)
    if table not in catalog.TABLES:
        return spec
    info = catalog.TABLES[table]
    metadata = {"lake_table": table, "dagster/table_name": table.replace("/", ".")}
    if table in SCHEMAS and "dagster/column_schema" not in (spec.metadata or {}):
        metadata["dagster/column_schema"] = SCHEMAS[table]
    owners = list(spec.owners) or OWNERS[info.domain]
    return spec.merge_attributes(
        metadata=metadata,
        owners=[o for o in owners if o not in spec.owners],
        kinds={"delta", "spark"} - set(spec.kinds or ()),
        tags={"layer": info.layer, "domain": info.domain},
    )
