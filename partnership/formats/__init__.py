"""Date and number formats that replace Django's own per language (FORMAT_MODULE_PATH)."""
