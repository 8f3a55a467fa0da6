package io.github.xcluster.run;

import java.util.concurrent.CountDownLatch;

/** Blocks a command until the process is asked to stop (Ctrl-C, SIGTERM), then runs its clean-up. */
public final class Shutdown {
    private Shutdown() {}

    public static int awaitThen(Runnable cleanUp) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            cleanUp.run();
                            stopped.countDown();
                        },
                        "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
