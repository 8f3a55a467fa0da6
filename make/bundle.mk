# Shipping: the OLM bundle and the operator image.

# The operator image; `make bundle IMG=...` writes it into config/manager and the bundle.
VERSION ?= $(shell sed -n 's:^  <version>\(.*\)</version>$$:\1:p' pom.xml)
IMG ?= ghcr.io/xcluster-operator/xcluster-operator:$(VERSION)

.PHONY: bundle
bundle: ## Write the OLM bundle (bundle/, bundle.Dockerfile) from config/ and the pom; IMG=... sets the image
	$(MVN) -q test-compile exec:java -Dexec.classpathScope=test \
		-Dexec.mainClass=io.github.xcluster.manifests.BundleGenerator -Dexec.args="--image $(IMG)"

.PHONY: bundle-validate
bundle-validate: ## Check bundle/ with the operator-framework validators (errors fail, warnings are listed)
	hack/bundle-validate.sh bundle

.PHONY: image
image: ## Build and push the operator image $(IMG) with Jib (needs a registry login, no Docker)
	$(MVN) -Pimage -Dmaven.test.skip=true package jib:build -Dimage=$(IMG)
