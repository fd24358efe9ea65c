"""Attribution of funding figures to columns, exact against the printed totals."""
