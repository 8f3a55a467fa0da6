package io.github.xcluster.metal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {
    @Test
    void aFixedPoolRunsEveryTaskOnAtMostItsOwnNamedDaemonThreads() throws Exception {
        ExecutorService pool = DaemonThreads.fixedPool("answers", 2);
        Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
        CountDownLatch bothBusy = new CountDownLatch(2);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int burst = 0; burst < 3; burst++) {
                for (int i = 0; i < 20; i++) {
                    tasks.add(pool.submit(() -> {
                        ranOn.add(Thread.currentThread());
                        bothBusy.countDown();
                        bothBusy.await(10, TimeUnit.SECONDS);
                        return null;
                    }));
                }
                for (Future<?> task : tasks) {
                    task.get(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(ranOn).hasSize(2).allMatch(Thread::isDaemon);
        assertThat(ranOn).extracting(Thread::getName).containsExactlyInAnyOrder("answers-1", "answers-2");
    }
}
