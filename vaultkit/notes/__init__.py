"""Reading one note: the scan, the reader, value normalisation, the model, the writer."""
