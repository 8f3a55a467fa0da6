# Shipping: the OLM bundle, its file-based catalog and the operator image.

# The operator image; `make bundle IMG=...` writes it into config/manager and the bundle.
VERSION ?= $(shell sed -n 's:^  <version>\(.*\)</version>$$:\1:p' pom.xml)
IMG ?= ghcr.io/xcluster-operator/xcluster-operator:$(VERSION)

.PHONY: bundle
bundle: ## Write the OLM bundle (bundle/, bundle.Dockerfile) from config/ and the pom; IMG=... sets the image
	$(MVN) -q test-compile exec:java -Dexec.classpathScope=test \
		-Dexec.mainClass=io.github.xcluster.manifests.BundleGenerator -Dexec.args="--image $(IMG)"

.PHONY: bundle-validate
bundle-validate: ## Check bundle/ with the operator-framework validators and optional suites (errors fail, warnings are listed)
	hack/bundle-validate.sh bundle

# The bundle and catalog images: IMG's repository with -bundle / -catalog, tag v$(VERSION). hack/catalog.sh derives
# the same bundle image from the CSV's containerImage, which make bundle IMG=... sets; a BUNDLE_IMG given to make wins.
BUNDLE_IMG ?= $(shell img='$(IMG)'; echo "$${img%:*}-bundle:v$(VERSION)")
CATALOG_IMG ?= $(shell img='$(IMG)'; echo "$${img%:*}-catalog:v$(VERSION)")
CONTAINER_TOOL ?= $(firstword $(foreach tool,podman docker,$(shell command -v $(tool))))

.PHONY: catalog
catalog: ## Render the file-based catalog (catalog/, catalog.Dockerfile) from bundle/ with opm and validate it
	$(if $(filter command line environment,$(origin BUNDLE_IMG)),BUNDLE_IMG=$(BUNDLE_IMG)) hack/catalog.sh bundle .

image_bundle = $(BUNDLE_IMG)
image_catalog = $(CATALOG_IMG)

.PHONY: bundle-build bundle-push catalog-build catalog-push
bundle-build: ## Build the bundle image BUNDLE_IMG from bundle.Dockerfile (podman or docker; not in CI)
bundle-push: ## Push the bundle image BUNDLE_IMG
catalog-build: ## Build the catalog image CATALOG_IMG from catalog.Dockerfile (podman or docker; not in CI)
catalog-push: ## Push the catalog image CATALOG_IMG
bundle-build catalog-build: %-build: container-tool
	$(CONTAINER_TOOL) build -f $*.Dockerfile -t $(image_$*) .
bundle-push catalog-push: %-push: container-tool
	$(CONTAINER_TOOL) push $(image_$*)

.PHONY: container-tool
container-tool:
	@if [[ -z "$(CONTAINER_TOOL)" ]]; then \
	  echo "ERROR: building images needs podman or docker on PATH (or CONTAINER_TOOL=...); none was found." >&2; \
	  echo "       CI has neither and does not run this target; make catalog and make bundle need no container tool." >&2; \
	  exit 1; \
	fi

.PHONY: image
image: ## Build and push the operator image $(IMG) with Jib (needs a registry login, no Docker)
	$(MVN) -Pimage -Dmaven.test.skip=true package jib:build -Dimage=$(IMG)
