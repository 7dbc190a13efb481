{{/* The release's base name: <release>-samos, or the release name if it already says samos. */}}
{{- define "samos.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* A component's name: <fullname>-gateway, -portal-service, -executor. Called with (list $ "gateway"). */}}
{{- define "samos.componentName" -}}
{{- printf "%s-%s" (include "samos.fullname" (index . 0)) (index . 1) -}}
{{- end -}}

{{- define "samos.selectorLabels" -}}
app.kubernetes.io/name: {{ default (index . 0).Chart.Name (index . 0).Values.nameOverride }}
app.kubernetes.io/instance: {{ (index . 0).Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "samos.labels" -}}
{{ include "samos.selectorLabels" . }}
app.kubernetes.io/part-of: samos
app.kubernetes.io/version: {{ (index . 0).Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ (index . 0).Release.Service }}
helm.sh/chart: {{ printf "%s-%s" (index . 0).Chart.Name (index . 0).Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* The image of a service: (list $ "gateway") -> [<registry>/]samos/gateway:<tag or appVersion>. */}}
{{- define "samos.image" -}}
{{- $root := index . 0 -}}
{{- $repo := printf "samos/%s" (index . 1) -}}
{{- with $root.Values.image.registry }}{{ $repo = printf "%s/%s" (trimSuffix "/" .) $repo }}{{ end -}}
{{- printf "%s:%s" $repo (default $root.Chart.AppVersion $root.Values.image.tag) -}}
{{- end -}}

{{- define "samos.portalServiceUrl" -}}
{{- printf "http://%s:%v" (include "samos.componentName" (list . "portal-service")) .Values.portalService.service.port -}}
{{- end -}}

{{/* Spring Boot reads the mounted ConfigMap after its packaged application*.properties, so these win. */}}
{{- define "samos.configEnv" -}}
- name: SPRING_CONFIG_ADDITIONAL_LOCATION
  value: file:/config/
{{- end -}}

{{/* What every pod of the chart shares: security, probes on actuator, the writable /tmp and the ConfigMap. */}}
{{- define "samos.podCommon" -}}
{{- $root := index . 0 -}}
# The services never call the Kubernetes API.
automountServiceAccountToken: false
# Service links would put <SERVICE>_PORT=tcp://… variables of every Service in the namespace into the environment,
# which Spring binds by relaxed names (a Service "server" would set server.port).
enableServiceLinks: false
securityContext:
  {{- toYaml $root.Values.podSecurityContext | nindent 2 }}
volumes:
  - name: tmp
    emptyDir:
      sizeLimit: {{ $root.Values.tmpSizeLimit }}
  - name: config
    configMap:
      name: {{ include "samos.componentName" (list $root (index . 1)) }}
{{- with $root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "samos.containerCommon" -}}
{{- $root := index . 0 -}}
imagePullPolicy: {{ $root.Values.image.pullPolicy }}
securityContext:
  {{- toYaml $root.Values.containerSecurityContext | nindent 2 }}
ports:
  - name: http
    containerPort: {{ index . 1 }}
    protocol: TCP
startupProbe:
  httpGet: {path: /actuator/health/liveness, port: http}
  periodSeconds: {{ $root.Values.probes.startup.periodSeconds }}
  failureThreshold: {{ $root.Values.probes.startup.failureThreshold }}
livenessProbe:
  httpGet: {path: /actuator/health/liveness, port: http}
  periodSeconds: {{ $root.Values.probes.liveness.periodSeconds }}
  failureThreshold: {{ $root.Values.probes.liveness.failureThreshold }}
readinessProbe:
  httpGet: {path: /actuator/health/readiness, port: http}
  periodSeconds: {{ $root.Values.probes.readiness.periodSeconds }}
  failureThreshold: {{ $root.Values.probes.readiness.failureThreshold }}
volumeMounts:
  - name: tmp
    mountPath: /tmp
  - name: config
    mountPath: /config
    readOnly: true
{{- end -}}

{{/* The samos.tasks.* properties, identical for the gateway and the executors. */}}
{{- define "samos.kafkaProperties" -}}
spring.kafka.bootstrap-servers={{ .Values.kafka.bootstrapServers }}
samos.tasks.topic={{ .Values.tasks.topic }}
samos.tasks.group={{ .Values.tasks.group }}
samos.tasks.partitions={{ .Values.tasks.partitions }}
samos.tasks.replicas={{ .Values.tasks.replicas }}
{{- end -}}

{{/* A service's extra properties from values, one per line, sorted by name. */}}
{{- define "samos.extraProperties" -}}
{{- range $k, $v := . }}
{{ $k }}={{ $v }}
{{- end }}
{{- end -}}
