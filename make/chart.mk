# Installing without OLM: the Helm chart, the single-file installer and the clusterctl repository.
CHART := charts/xcluster-operator
HELM := hack/helm.sh

.PHONY: chart-crds
chart-crds: ## Copy the CRDs of config/crd/bases (make manifests) into the Helm chart's crds/
	rm -f $(CHART)/crds/*.yaml
	cp config/crd/bases/*.yaml $(CHART)/crds/

.PHONY: chart-lint
chart-lint: ## helm lint --strict the chart with its default values and each of $(CHART)/ci/*-values.yaml
	$(HELM) lint --strict --kube-version $(KUBE_VERSION) $(CHART)
	for values in $(CHART)/ci/*-values.yaml; do $(HELM) lint --strict --kube-version $(KUBE_VERSION) $(CHART) -f $$values || exit 1; done

.PHONY: installer
installer: envtest ## Write dist/install.yaml (config/default as one file, for kubectl apply -f) with kubectl kustomize
	$(MVN) -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.github.xcluster.manifests.InstallerManifest

.PHONY: clusterctl-repo
clusterctl-repo: envtest ## Write dist/clusterctl (clusterctl's local repository of the provider metal-stack) from config/clusterctl
	$(MVN) -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.github.xcluster.manifests.ClusterctlRepository
