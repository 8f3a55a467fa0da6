{{/* The prefix of every name: the release name, with the chart's unless it holds it; 28 characters leave room for the longest suffix in 63. */}}
{{- define "xcluster-operator.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 28 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 28 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "xcluster-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
control-plane: controller-manager
{{- end -}}

{{- define "xcluster-operator.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "xcluster-operator.webhookSecretName" -}}
{{- .Values.webhook.secretName | default (printf "%s-webhook-server-cert" (include "xcluster-operator.fullname" .)) -}}
{{- end -}}

{{/* The API server gets the webhooks' CA from cert-manager's cainjector, or from webhook.caBundle. */}}
{{- define "xcluster-operator.webhookCaAnnotations" -}}
{{- if .Values.webhook.certManager.enabled -}}
annotations:
  cert-manager.io/inject-ca-from: {{ .Release.Namespace }}/{{ include "xcluster-operator.fullname" . }}-serving-cert
{{- end -}}
{{- end -}}

{{- define "xcluster-operator.webhookClientConfig" -}}
clientConfig:
  service:
    name: {{ include "xcluster-operator.fullname" .root }}-webhook-service
    namespace: {{ .root.Release.Namespace }}
    path: {{ .path }}
    port: 443
  {{- if not .root.Values.webhook.certManager.enabled }}
  caBundle: {{ required "webhook.caBundle is required when webhook.certManager.enabled is false" .root.Values.webhook.caBundle }}
  {{- end }}
{{- end -}}
