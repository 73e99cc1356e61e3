"""Legal compliance engine: rule catalogue, Table Schema validation, GE suites, reports."""
