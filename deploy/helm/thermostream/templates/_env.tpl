{{/*
The environment of a service: the variables it reads (the README's configuration table), secrets
only by reference. SERVICE picks the service in the image.
*/}}
{{- define "thermostream.env" -}}
{{- $v := .root.Values -}}
{{- $port := include "thermostream.fact" (dict "root" .root "service" .service "key" "port") -}}
- name: SERVICE
  value: {{ .service | quote }}
- name: KAFKA_BROKERS
  value: {{ join "," $v.kafka.bootstrapServers | quote }}
- name: KAFKA_REPLICATION_FACTOR
  value: {{ $v.kafka.replicationFactor | quote }}
- name: KAFKA_MIN_INSYNC_REPLICAS
  value: {{ $v.kafka.minInsyncReplicas | quote }}
- name: SCHEMA_REGISTRY_URL
  value: {{ $v.schemaRegistry.url | quote }}
- name: PIPELINE_NAMESPACE
  value: {{ $v.pipelineNamespace | quote }}
- name: LOG_LEVEL
  value: {{ $v.logLevel | quote }}
{{- if $v.kafka.sasl.mechanism }}
{{- $kafka := include "thermostream.kafkaCredentials" . | fromYaml }}
- name: KAFKA_SASL_MECHANISM
  value: {{ $v.kafka.sasl.mechanism | quote }}
- name: KAFKA_SASL_USERNAME
  value: {{ $kafka.username | quote }}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef: { name: {{ $kafka.secret | quote }}, key: {{ $kafka.key | quote }} }
{{- end }}
{{- if $v.kafka.tls.enabled }}
- name: KAFKA_TLS_ENABLED
  value: "true"
{{- if $v.kafka.tls.caSecret }}
- name: KAFKA_TLS_CA_FILE
  value: {{ include "thermostream.kafkaCaPath" .root | quote }}
{{- end }}
{{- end }}
{{- if eq $v.schemaRegistry.auth.type "basic" }}
{{- $registry := include "thermostream.registryCredentials" .root | fromYaml }}
- name: SCHEMA_REGISTRY_USERNAME
  value: {{ required "schemaRegistry.auth.username is required with basic auth" $v.schemaRegistry.auth.username | quote }}
- name: SCHEMA_REGISTRY_PASSWORD
  valueFrom:
    secretKeyRef: { name: {{ $registry.secret | quote }}, key: {{ $registry.key | quote }} }
{{- else if eq $v.schemaRegistry.auth.type "bearer" }}
{{- $registry := include "thermostream.registryCredentials" .root | fromYaml }}
- name: SCHEMA_REGISTRY_TOKEN
  valueFrom:
    secretKeyRef: { name: {{ $registry.secret | quote }}, key: {{ $registry.key | quote }} }
{{- end }}
{{- if eq .service "http-ingest" }}
{{- $apiKeys := include "thermostream.apiKeyCredentials" .root | fromYaml }}
- name: INGEST_HOST
  value: "0.0.0.0"
- name: INGEST_PORT
  value: {{ $port | quote }}
- name: INGEST_API_KEYS
  valueFrom:
    secretKeyRef: { name: {{ $apiKeys.secret | quote }}, key: {{ $apiKeys.key | quote }} }
{{- else }}
- name: METRICS_HOST
  value: "0.0.0.0"
{{- /* The pod's name: a container restarted in its pod takes its partitions back at once (static membership). */}}
- name: KAFKA_GROUP_INSTANCE_ID
  valueFrom:
    fieldRef: { fieldPath: metadata.name }
- name: METRICS_PORT
  value: {{ $port | quote }}
{{- end }}
{{- if eq "true" (include "thermostream.fact" (dict "root" .root "service" .service "key" "database")) }}
{{- $database := include "thermostream.databaseCredentials" .root | fromYaml }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef: { name: {{ $database.secret | quote }}, key: {{ $database.key | quote }} }
- name: DATABASE_POOL_SIZE
  value: {{ $v.postgresql.poolSize | quote }}
{{- end }}
{{- if eq .service "raw-archiver" }}
- name: ARCHIVE_DIR
  value: /var/lib/thermostream/archive
{{- else if eq .service "scd-writer" }}
- name: SCD_STATE_DIR
  value: /var/lib/thermostream/scd-state
{{- else if eq .service "lake-writer" }}
- name: LAKE_DIR
  value: /var/lib/thermostream/lake
{{- end }}
{{- range $name, $value := .settings.env }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end }}
