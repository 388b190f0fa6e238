"""The training workflow's commands (run by project.yml as ``python -m spacy_deid.workflow.<cmd>``)."""
