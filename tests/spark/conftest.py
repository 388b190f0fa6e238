"""One local[2] SparkSession for all Spark tests, whose workers hold a test key in their
environment (the driver's environment is left as it was)."""
import os
from collections.abc import Iterator

import pytest

from spacy_deid.spark.session import KEY_ENV, build_session

SPARK_KEY = "spark-test-key-3f9a1c0e7d2b"


@pytest.fixture(scope="session")
def spark_key() -> str:
    """The key the workers of the ``spark`` fixture have in their environment."""
    return SPARK_KEY


@pytest.fixture(scope="session")
def spark() -> Iterator:
    before = os.environ.get(KEY_ENV)
    os.environ[KEY_ENV] = SPARK_KEY  # the JVM, and so every Python worker, copies it at launch
    try:
        session = build_session("local[2]", conf={"spark.sql.shuffle.partitions": "4",
                                                  "spark.default.parallelism": "2"})
    finally:
        if before is None:
            os.environ.pop(KEY_ENV, None)
        else:
            os.environ[KEY_ENV] = before
    yield session
    session.stop()
