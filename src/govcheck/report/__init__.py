"""``govcheck report``: the auditors' compliance report over many records.

collect  — per-item results kept while the pipeline reads the records (bounded memory)
build    — from findings and per-item results to the report's data (``model``)
html, xlsx, markdown, json_report — one renderer per format; charts — inline SVG
command  — the command: run, progress bar, write all-or-nothing, exit code
"""
