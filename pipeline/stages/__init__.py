"""The stages that read a document after ingest, each in a folder of its own."""
