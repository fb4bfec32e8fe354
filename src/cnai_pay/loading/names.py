"""The data folder's files, by name: all the cache needs to know, without the parser or the records."""

DATA_FILES = (
    "dataset.toml",
    "platforms.toml",
    "methods.toml",
    "sources.toml",
    "claims.toml",
    "refunds.toml",
    "billing.toml",
    "card_rules.toml",
    "fees.toml",
    "virtual_cards.toml",
    "troubleshooting.toml",
    "checklist_steps.toml",
)
