# xcluster-operator: every set-up step lives here or in hack/.
SHELL := /bin/bash
.DEFAULT_GOAL := help

MVN ?= mvn -B -ntp
KUBE_VERSION ?= 1.34.4
export KUBE_VERSION

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-14s %s\n", $$1, $$2}'

.PHONY: envtest
envtest: ## Put kube-apiserver, etcd and kubectl where kube-api-test finds them (built from Go modules if absent)
	hack/envtest.sh $(KUBE_VERSION)

.PHONY: build
build: ## Compile, generate the metal-api client and the CRDs, package target/xcluster-operator.jar
	$(MVN) -DskipTests package

.PHONY: test
test: envtest ## The whole test suite (unit, component, real API server)
	$(MVN) verify

-include make/*.mk
