"""The Excel ledger (三重一大事项台账): a second reader of the one Record model."""
