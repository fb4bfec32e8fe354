"""The domain: records, vocabulary, the ranking rule, regions, queries and filters. No Textual, no Rich."""
