"""Bulk import of the social registry from CSV or XLSX files (format: docs/registry-import.md).

One module per concern; import from the module that does the thing:

- `format`: the columns of a households file and of a members file, and how a cell spells a number,
  a yes or a no (plain data; the synthetic-data generator writes its files from it);
- `reading`: the file into a lazy frame of strings, after the guarded reader (`jisr.core.intake`,
  shared with every intake: limits, encoding, delimiter, records) accepted it; `registry_limits`;
- `validation`: normalized cells and the vectorized rules, one error per failing cell;
- `outcome`: the counts, errors and invalid rows an import reports;
- `sql`, `sqlite`, `postgresql`, `writing`: the upsert of valid households, chunk by chunk, each
  chunk in its own transaction, by each engine's writer (and a writer thread on PostgreSQL);
- `households`: the import of a households file, batch by batch, with progress and cancellation;
- `files`: where uploads and reports are kept;
- `job`: running an import job (progress, cancel, heartbeat, failures);
- `stalled`: the rule that takes a silent running job for dead, shown by reads, recorded by a sweep.

Members are imported by `jisr/registry/members.py`, with the same reading, cells and error rows.
"""
