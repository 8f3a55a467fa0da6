# Benchmarks: never part of `make test`. Each writes a Markdown table to target/bench/.

BENCH_EXEC = $(MVN) -q test-compile exec:java -Dexec.classpathScope=test -Dexec.cleanupDaemonThreads=false

.PHONY: bench
bench: envtest build bench-admission bench-startup bench-convergence ## All benchmarks; figures in target/bench/*.md

.PHONY: bench-admission
bench-admission: build ## Admission webhook latency percentiles and throughput (load from a separate process, HTTPS keep-alive)
	$(BENCH_EXEC) -Dexec.mainClass=io.github.xcluster.bench.AdmissionBenchmark -Dexec.args="$(BENCH_ARGS)"

.PHONY: bench-startup
bench-startup: envtest build ## Operator process start to webhook serving and first reconcile
	$(BENCH_EXEC) -Dexec.mainClass=io.github.xcluster.bench.StartupBenchmark -Dexec.args="$(BENCH_ARGS)"

.PHONY: bench-convergence
bench-convergence: envtest build ## N XClusters to Ready and back to nothing (N=100,500,1000 by default; BENCH_ARGS="--sizes 100")
	$(BENCH_EXEC) -Dexec.mainClass=io.github.xcluster.bench.ConvergenceBenchmark -Dexec.args="$(BENCH_ARGS)"
