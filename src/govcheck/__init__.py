"""govcheck: 三重一大集体决策合规检查 (compliance checker for collective decision records).

The package reads in one direction, and its folders say so:
loading (records, settings) → facts → rulebook (declarative rules) → engine
(durable-rules, plus a plain-Python twin) → findings → output formats.
"""

__version__ = "0.1.0"
