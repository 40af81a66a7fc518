"""Planning a compliant meeting before it happens: `govcheck checklist` and `govcheck init`."""
