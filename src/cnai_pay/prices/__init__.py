"""Who sells which model at what price: the model catalogue (data/models.toml) joined with the
genai-prices package's price data and our own sourced prices (data/prices.toml).

Nothing here is imported at start-up: the price library's data takes a noticeable time to
load, so only the commands and the pane that show prices import this package. It never
imports Textual or Rich.
"""
