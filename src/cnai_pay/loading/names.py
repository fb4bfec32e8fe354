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
    "models.toml",
    "prices.toml",
)
# Files a data folder may leave out: the model catalogue and our own prices (see prices/).
OPTIONAL_DATA_FILES = ("models.toml", "prices.toml")
