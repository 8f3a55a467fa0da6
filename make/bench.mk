# Benchmarks: never part of `make test`. Each writes a Markdown table to target/bench/.
# They run in a plain JVM with a fixed heap, not inside Maven's (exec:java): Maven's classes and
# garbage gave the admission load generator 10-15 ms GC remark pauses, measured as webhook latency.
BENCH_CLASSPATH := target/bench/classpath.txt
BENCH_JAVA = java -Xms1g -Xmx1g -cp target/test-classes:target/classes:$$(cat $(BENCH_CLASSPATH))

.PHONY: bench
bench: envtest build bench-admission bench-startup bench-convergence ## All benchmarks; figures in target/bench/*.md

.PHONY: bench-classpath
bench-classpath: build
	$(MVN) -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=$(BENCH_CLASSPATH)

.PHONY: bench-admission
bench-admission: bench-classpath ## Admission webhook latency percentiles and throughput (load from a separate process, HTTPS keep-alive)
	$(BENCH_JAVA) io.github.xcluster.bench.AdmissionBenchmark $(BENCH_ARGS)

.PHONY: bench-startup
bench-startup: envtest bench-classpath ## Operator process start to webhook serving and first reconcile
	$(BENCH_JAVA) io.github.xcluster.bench.StartupBenchmark $(BENCH_ARGS)

.PHONY: bench-convergence
bench-convergence: envtest bench-classpath ## N XClusters to Ready and back to nothing (N=100,500,1000 by default; BENCH_ARGS="--sizes 100")
	$(BENCH_JAVA) io.github.xcluster.bench.ConvergenceBenchmark $(BENCH_ARGS)
