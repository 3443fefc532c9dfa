"""Turning engine results into text, markdown or JSON."""
