"""The Open Referral HSDS 3.0 API of the centers directory, mounted at `/hsds/` (see docs/api.md)."""

from jisr.centers.hsds.api import hsds_api

__all__ = ["hsds_api"]
