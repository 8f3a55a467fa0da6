# Benchmarks: never part of `make test`. Each writes a Markdown table to target/bench/.
# They run in a plain JVM with a fixed heap, not inside Maven's (exec:java): Maven's classes and
# garbage gave the admission load generator 10-15 ms GC remark pauses, measured as webhook latency.
BENCH_JAVA = java -Xms1g -Xmx1g -cp target/test-classes:target/classes:$$(cat $(DEV_CLASSPATH))

.PHONY: bench
bench: envtest build bench-admission bench-startup bench-convergence bench-capi ## All benchmarks; figures in target/bench/*.md

.PHONY: bench-admission
bench-admission: build ## Admission webhook latency percentiles and throughput (load from a separate process, HTTPS keep-alive)
	$(BENCH_JAVA) io.github.xcluster.bench.AdmissionBenchmark $(BENCH_ARGS)

.PHONY: bench-startup
bench-startup: envtest build ## Operator process start to webhook serving and first reconcile
	$(BENCH_JAVA) io.github.xcluster.bench.StartupBenchmark $(BENCH_ARGS)

.PHONY: bench-convergence
bench-convergence: envtest build ## N XClusters to Ready and back to nothing (N=100,500,1000 by default; BENCH_ARGS="--sizes 100")
	$(BENCH_JAVA) io.github.xcluster.bench.ConvergenceBenchmark $(BENCH_ARGS)

.PHONY: bench-capi
bench-capi: envtest build ## 50 workers of one MachineDeployment to provisioned under the real CAPI controllers (BENCH_ARGS="<workers> <rounds>")
	$(BENCH_JAVA) io.github.xcluster.bench.ProviderBenchmark $(BENCH_ARGS)
