"""The center rehabilitation programme: each center's works from identification to opening (docs/rehabilitation.md)."""
