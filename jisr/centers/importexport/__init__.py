"""Import and export of the centers directory as CSV or XLSX (the format is in docs/centers.md)."""
