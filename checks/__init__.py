"""Claims registry, report writer and command-line interface of paperchecks."""
