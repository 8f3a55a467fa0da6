# xcluster-operator: every set-up step lives here or in hack/.
SHELL := /bin/bash
.DEFAULT_GOAL := help

MVN ?= mvn -B -ntp
KUBE_VERSION ?= 1.34.4
JAR := target/xcluster-operator.jar
# The dev world (src/dev: the local world, the simulator, the test CA) is compiled with the tests and runs on the
# test classpath, so none of it is in the operator's jar or image.
DEV_CLASSPATH := target/dev-classpath.txt
DEV_CLASSPATH_GOAL := dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=$(DEV_CLASSPATH)
DEV_JAVA = java -cp target/test-classes:target/classes:$$(cat $(DEV_CLASSPATH))
export KUBE_VERSION

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-16s %s\n", $$1, $$2}'

.PHONY: envtest
envtest: ## Put kube-apiserver, etcd and kubectl where kube-api-test finds them (built from Go modules if absent)
	hack/envtest.sh $(KUBE_VERSION)

.PHONY: build
build: ## Compile, generate the metal-api client and the CRDs, package target/xcluster-operator.jar and the dev world
	$(MVN) -q -DskipTests package $(DEV_CLASSPATH_GOAL)

.PHONY: format
format: ## Format all Java sources (palantir-java-format through spotless; make test checks it)
	$(MVN) -q spotless:apply

.PHONY: test
test: envtest ## The whole test suite on a real API server, then the walkthrough (make demo)
	$(MVN) verify $(DEV_CLASSPATH_GOAL)
	$(DEV_JAVA) io.github.xcluster.dev.DevMain demo

.PHONY: run
run: envtest build ## Run kube-apiserver + etcd, the metal-api simulator and the operator here (or the operator alone with KUBECONFIG and METAL_API_URL set)
	$(DEV_JAVA) io.github.xcluster.dev.DevMain local

.PHONY: demo
demo: envtest build ## The xcluster walkthrough end to end on a local world; exits non-zero if a step fails
	$(DEV_JAVA) io.github.xcluster.dev.DevMain demo

.PHONY: simulate
simulate: build ## Only the metal-api simulator on :8080 (METALCTL_API_URL=http://127.0.0.1:8080/metal, METALCTL_HMAC=metal-admin)
	$(DEV_JAVA) io.github.xcluster.dev.DevMain simulate --port 8080 --hmac metal-admin

-include make/*.mk
