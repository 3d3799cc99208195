"""Cross-document linking: entities and stories."""
