"""Serving the warehouse to people: publishing for BI tools, exports, the visual report."""
