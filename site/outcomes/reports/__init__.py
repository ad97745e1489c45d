"""The outcomes report: figures from every programme, computed by the database, with small
numbers suppressed, as a page with charts, XLSX and PDF (docs/outcomes.md, "Reports").

Apps add their sections with `registry.register_section` from their `reports.py`.
"""
