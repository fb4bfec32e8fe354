"""The personal checklist: its model, the steps chosen from data, the TOML codec and the file store."""
