"""Third-party formats: vCard, iCalendar and LinkedIn in and out, and the merge of imports."""
