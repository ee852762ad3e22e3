"""A partner's producer on the secure stack: librdkafka (Python's confluent-kafka) over SASL_SSL.

Arguments: brokers, CA file, user, password file. Reads one JSON object per line on stdin:
{"topic", "key", "value" (base64)}, sends each in turn and prints, one per record, the broker's
answer: "delivered" or the error's name (TOPIC_AUTHORIZATION_FAILED…).
"""
import base64
import json
import sys

from confluent_kafka import Producer

brokers, ca_file, user, password_file = sys.argv[1:5]
with open(password_file) as file:
    password = file.read().strip()
producer = Producer({
    "bootstrap.servers": brokers,
    "security.protocol": "SASL_SSL",
    "sasl.mechanism": "SCRAM-SHA-512",
    "sasl.username": user,
    "sasl.password": password,
    "ssl.ca.location": ca_file,
    "enable.idempotence": True,
    "acks": "all",
    "message.timeout.ms": 20000,
})

answers = []
for line in sys.stdin:
    record = json.loads(line)
    outcome = []
    producer.produce(record["topic"], key=record["key"].encode(), value=base64.b64decode(record["value"]),
                     on_delivery=lambda error, message: outcome.append("delivered" if error is None else error.name()))
    producer.flush(30)
    answers.append(outcome[0] if outcome else "no answer")
print(json.dumps(answers))
