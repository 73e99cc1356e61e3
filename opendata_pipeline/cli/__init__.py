"""The command line: `opendata-pipeline` and its headless run."""
