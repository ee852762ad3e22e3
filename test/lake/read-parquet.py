"""Reads lake files with Apache Arrow's own Parquet reader (pyarrow), independently of DuckDB.

Takes the lake root and its files' relative paths as arguments; prints one JSON object per file:
its path, row count, the set of compression codecs of its column chunks, and its rows' reading_id,
version, region_code, the UTC date of hour, and late.
"""
import json
import sys

import pyarrow.parquet as pq

root = sys.argv[1]
for relative in sys.argv[2:]:
    parquet = pq.ParquetFile(f"{root}/{relative}")
    metadata = parquet.metadata
    codecs = sorted({metadata.row_group(g).column(c).compression for g in range(metadata.num_row_groups) for c in range(metadata.num_columns)})
    table = parquet.read(columns=["reading_id", "version", "region_code", "hour", "late"])
    rows = [
        [row["reading_id"], row["version"], row["region_code"], row["hour"].strftime("%Y-%m-%d"), row["late"]]
        for row in table.to_pylist()
    ]
    print(json.dumps({"path": relative, "rows": metadata.num_rows, "codecs": codecs, "hourType": str(table.schema.field("hour").type), "versions": rows}))
