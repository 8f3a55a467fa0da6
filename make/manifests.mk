.PHONY: manifests
manifests: ## Regenerate config/crd/bases from the Java model
	$(MVN) -q -DskipTests process-test-classes exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.github.xcluster.manifests.CrdManifests
