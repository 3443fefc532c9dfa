"""The judgments: agenda, introductions, sharing, drafted messages, term matching."""
