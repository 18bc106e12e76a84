{{/* Labels every object of the chart carries. */}}
{{- define "zenith.labels" -}}
app.kubernetes.io/name: zenith-operator
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.Version | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/*
Names of the Tekton Tasks the chart installs. The suffix is the version of the Task's interface
(its params, workspaces and results), not of the chart: a chart upgrade rewrites a Task of the
same interface in place, and only an incompatible change gets a new name (docs/operator.md).
*/}}
{{- define "zenith.gitCloneTask" -}}zenith-git-clone-v1{{- end -}}
{{- define "zenith.buildpacksTask" -}}zenith-buildpacks-v1{{- end -}}

{{/* Where the operator finds the Tasks: the chart's own, or the ones named in build.tasks. */}}
{{- define "zenith.tasksNamespace" -}}
{{- if .Values.build.tasks.install -}}{{ .Release.Namespace }}{{- else -}}{{ .Values.build.tasks.namespace }}{{- end -}}
{{- end -}}
{{- define "zenith.gitCloneTaskRef" -}}
{{- if .Values.build.tasks.install -}}{{ include "zenith.gitCloneTask" . }}{{- else -}}{{ required "build.tasks.gitClone is required when build.tasks.install is false" .Values.build.tasks.gitClone }}{{- end -}}
{{- end -}}
{{- define "zenith.buildpacksTaskRef" -}}
{{- if .Values.build.tasks.install -}}{{ include "zenith.buildpacksTask" . }}{{- else -}}{{ required "build.tasks.buildpacks is required when build.tasks.install is false" .Values.build.tasks.buildpacks }}{{- end -}}
{{- end -}}

{{/* The watched namespaces as a list (empty: all namespaces). */}}
{{- define "zenith.watchNamespaces" -}}
{{- $out := list -}}
{{- range (splitList "," .Values.watchNamespaces) -}}
{{- $ns := trim . -}}
{{- if $ns -}}{{- $out = append $out $ns -}}{{- end -}}
{{- end -}}
{{- toJson $out -}}
{{- end -}}
