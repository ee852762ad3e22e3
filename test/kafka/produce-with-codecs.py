"""Publishes records with librdkafka (Python's confluent-kafka), one producer per codec.

Reads one JSON object per line on stdin: {"topic", "key", "value" (base64), "codec"}; prints the
number of records each codec's producer had acknowledged. Exits 1 if any record failed.
"""
import base64
import json
import sys

from confluent_kafka import Producer

brokers = sys.argv[1]
by_codec = {}
for line in sys.stdin:
    record = json.loads(line)
    by_codec.setdefault(record["codec"], []).append(record)

failures = []
delivered = {}
for codec, records in by_codec.items():
    producer = Producer({
        "bootstrap.servers": brokers,
        "compression.type": codec,
        "enable.idempotence": True,
        "acks": "all",
        # Many records per batch, so that each batch really is compressed with the codec.
        "linger.ms": 50,
    })

    def report(error, message, codec=codec):
        if error is not None:
            failures.append(f"{codec}: {error}")
        else:
            delivered[codec] = delivered.get(codec, 0) + 1

    for record in records:
        producer.produce(record["topic"], key=record["key"].encode(), value=base64.b64decode(record["value"]), on_delivery=report)
    if producer.flush(60) != 0:
        failures.append(f"{codec}: records left unsent")

print(json.dumps(delivered))
if failures:
    print("\n".join(failures), file=sys.stderr)
    sys.exit(1)
