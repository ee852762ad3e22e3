#!/usr/bin/env bash
# Installs the independent Kafka producer the codec test publishes with: Python's confluent-kafka
# (librdkafka inside, so every codec is produced by other code than ours), and the independent
# Parquet reader the lake test reads every file with (pyarrow), in a virtual environment under
# THERMO_HOME. Idempotent: does nothing when both are already there.
set -euo pipefail
cd "$(dirname "$0")/../.."

venv="${THERMO_HOME:-.thermostream}/python"
version=2.16.1
pyarrow_version=26.0.1
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import confluent_kafka, pyarrow, sys; sys.exit(confluent_kafka.version()[0] != '$version' or pyarrow.__version__ != '$pyarrow_version')" 2>/dev/null; then
  exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "Missing: python3 (3.10 or newer), for the codec test's producer and the lake test's Parquet reader. Install it with: sudo apt-get install -y python3 python3-venv" >&2
  exit 1
fi
# Creating the environment runs pip's own installer, which has failed here once for no reason it
# printed and passed when run again: one more try, from scratch, before giving up.
if [ ! -x "$venv/bin/pip" ] && ! python3 -m venv "$venv"; then
  echo "python3 -m venv failed; trying once more" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check "confluent-kafka==$version" "pyarrow==$pyarrow_version"
