{{/*
What the product fixes about each service, not the operator: its port (serviceDefaultPorts in
packages/config), the topic its consumer group reads (its main.ts, packages/kafka/src/topics.ts;
http-ingest reads HTTP) and whether it writes to PostgreSQL (DATABASE_URL: the aggregator and the
versions-mirror).
*/}}
{{- define "thermostream.facts" -}}
http-ingest: { port: 18080, input: "", database: false }
raw-archiver: { port: 19102, input: readings.raw, database: false }
filter: { port: 19103, input: readings.raw, database: false }
region-partitioner: { port: 19104, input: readings.clean, database: false }
scd-writer: { port: 19105, input: readings.regional, database: false }
aggregator: { port: 19106, input: readings.changes, database: true }
lake-writer: { port: 19107, input: readings.versions, database: false }
versions-mirror: { port: 19108, input: readings.versions, database: true }
{{- end }}

{{- define "thermostream.fact" -}}
{{- $facts := include "thermostream.facts" .root | fromYaml -}}
{{- $service := required (printf "%s is not a thermostream service" .service) (get $facts .service) -}}
{{- get $service .key -}}
{{- end }}

{{- define "thermostream.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end }}

{{/* The name of a service's objects: Deployment, Service, ScaledObject… */}}
{{- define "thermostream.serviceName" -}}
{{- printf "%s-%s" (include "thermostream.fullname" .root) .service -}}
{{- end }}

{{- define "thermostream.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: thermostream
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
{{ include "thermostream.selectorLabels" . }}
{{- end }}

{{- define "thermostream.selectorLabels" -}}
app.kubernetes.io/name: {{ .service }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end }}

{{/* A topic or consumer group under the pipeline namespace, as packages/kafka names them. */}}
{{- define "thermostream.namespaced" -}}
{{- if .root.Values.pipelineNamespace -}}{{ printf "%s.%s" .root.Values.pipelineNamespace .name }}{{- else -}}{{ .name }}{{- end -}}
{{- end }}

{{/* The chart's own Secret, holding what was given inline in the values. */}}
{{- define "thermostream.secretName" -}}
{{- include "thermostream.fullname" . -}}
{{- end }}

{{/*
Where a service's Kafka password is: {secret, key}. A user of its own (kafka.sasl.users) wins over
the one shared by every service; an inline password lives in the chart's Secret.
*/}}
{{- define "thermostream.kafkaCredentials" -}}
{{- $sasl := .root.Values.kafka.sasl -}}
{{- $own := get $sasl.users .service -}}
{{- if $own -}}
username: {{ required (printf "kafka.sasl.users.%s.username is required" .service) $own.username | quote }}
secret: {{ required (printf "kafka.sasl.users.%s.existingSecret is required" .service) $own.existingSecret | quote }}
key: {{ $own.passwordKey | default "password" | quote }}
{{- else if and $sasl.users (not $sasl.username) -}}
{{- fail (printf "kafka.sasl.users has no user for %s: give it kafka.sasl.users.%s, or a shared kafka.sasl.username for the services without one of their own" .service .service) -}}
{{- else if $sasl.password -}}
username: {{ required "kafka.sasl.username is required with kafka.sasl.mechanism" $sasl.username | quote }}
secret: {{ include "thermostream.secretName" .root | quote }}
key: kafka-password
{{- else -}}
username: {{ required "kafka.sasl.username is required with kafka.sasl.mechanism" $sasl.username | quote }}
secret: {{ required "kafka.sasl.mechanism needs kafka.sasl.password, kafka.sasl.existingSecret or kafka.sasl.users" $sasl.existingSecret | quote }}
key: {{ $sasl.passwordKey | quote }}
{{- end -}}
{{- end }}

{{/* Where the schema registry's password or token is: {secret, key}. */}}
{{- define "thermostream.registryCredentials" -}}
{{- $auth := .Values.schemaRegistry.auth -}}
{{- $inline := ternary $auth.password $auth.token (eq $auth.type "basic") -}}
{{- if $inline -}}
secret: {{ include "thermostream.secretName" . | quote }}
key: {{ ternary "registry-password" "registry-token" (eq $auth.type "basic") }}
{{- else -}}
secret: {{ required (printf "schemaRegistry.auth.type %s needs its secret inline or in schemaRegistry.auth.existingSecret" $auth.type) $auth.existingSecret | quote }}
key: {{ ternary $auth.passwordKey $auth.tokenKey (eq $auth.type "basic") | quote }}
{{- end -}}
{{- end }}

{{- define "thermostream.databaseCredentials" -}}
{{- if .Values.postgresql.url -}}
secret: {{ include "thermostream.secretName" . | quote }}
key: database-url
{{- else -}}
secret: {{ required "postgresql.url or postgresql.existingSecret is required" .Values.postgresql.existingSecret | quote }}
key: {{ .Values.postgresql.urlKey | quote }}
{{- end -}}
{{- end }}

{{- define "thermostream.apiKeyCredentials" -}}
{{- if .Values.ingest.apiKeys -}}
secret: {{ include "thermostream.secretName" . | quote }}
key: ingest-api-keys
{{- else -}}
secret: {{ required "ingest.apiKeys or ingest.existingSecret is required" .Values.ingest.existingSecret | quote }}
key: {{ .Values.ingest.apiKeysKey | quote }}
{{- end -}}
{{- end }}

{{/* True when the chart has something to keep in a Secret of its own. */}}
{{- define "thermostream.hasInlineSecrets" -}}
{{- $v := .Values -}}
{{- if or $v.postgresql.url $v.ingest.apiKeys $v.kafka.sasl.password $v.schemaRegistry.auth.password $v.schemaRegistry.auth.token -}}true{{- end -}}
{{- end }}

{{- define "thermostream.kafkaCaPath" -}}/etc/thermostream/kafka-ca/{{ .Values.kafka.tls.caKey }}{{- end }}
