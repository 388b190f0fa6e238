"""A SparkSession whose Python workers can read the secret key, without the key in any plan.

The anonymizer reads its key from an environment variable on the worker (``SPACY_DEID_KEY``
by default). In local mode the Python workers inherit the driver's environment, so nothing
needs to be set. On a cluster the executors need the variable in their own environment:
``spark.executorEnv.SPACY_DEID_KEY`` (added here from the driver's environment when asked),
or better a secret the cluster manager injects (Kubernetes
``spark.kubernetes.executor.secretKeyRef.SPACY_DEID_KEY=name:key``, a YARN/Databricks secret
scope exported as an environment variable), so that the key is in no configuration at all.
Either way it never becomes a column, a literal or a value captured by the shipped function,
and ``spark.redaction.regex`` is widened so that Spark's UI and logs mask the variable.
"""
from __future__ import annotations

import os
import sys
from typing import Any

from pyspark.sql import SparkSession

KEY_ENV = "SPACY_DEID_KEY"
DEFAULT_REDACTION = "(?i)secret|password|token|access[.]?key"


def redaction_regex(key_env: str = KEY_ENV) -> str:
    """Spark's default redaction pattern plus the key variable's name."""
    return f"{DEFAULT_REDACTION}|{key_env}"


def build_session(master: str = "local[2]", app_name: str = "spacy-deid",
                  forward_key: bool = False, key_env: str = KEY_ENV,
                  conf: dict[str, Any] | None = None) -> SparkSession:
    """A session for de-identification jobs.

    ``forward_key``: copy ``$key_env`` from the driver into ``spark.executorEnv`` (for clusters
    without a secret store; local masters never need it). Arrow is on (``mapInPandas`` needs
    it anyway) and batches are kept modest so that one batch of notes stays small in memory.
    Local workers run this interpreter (``$PYSPARK_PYTHON`` unless set), where spacy_deid is.
    """
    if master.startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (SparkSession.builder.master(master).appName(app_name)
               .config("spark.redaction.regex", redaction_regex(key_env))
               .config("spark.sql.execution.arrow.pyspark.enabled", "true")
               .config("spark.sql.execution.arrow.maxRecordsPerBatch", "2048")
               .config("spark.ui.enabled", "false"))
    for name, value in (conf or {}).items():
        builder = builder.config(name, value)
    key = os.environ.get(key_env)
    if forward_key and key and not master.startswith("local"):
        builder = builder.config(f"spark.executorEnv.{key_env}", key)
    return builder.getOrCreate()
