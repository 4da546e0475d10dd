package io.customersync.messaging;

import java.time.Duration;

import org.jboss.logging.Logger;

/** A long-running loop on a thread of its own, stopped by its own stop action. */
public final class BackgroundWorker {

    private static final Logger LOG = Logger.getLogger(BackgroundWorker.class);

    private final Thread thread;
    private final Runnable stopAction;

    private BackgroundWorker(Thread thread, Runnable stopAction) {
        this.thread = thread;
        this.stopAction = stopAction;
    }

    public static BackgroundWorker start(String name, Runnable loop, Runnable stopAction) {
        Thread thread = new Thread(loop, name);
        thread.setDaemon(true);
        thread.start();
        return new BackgroundWorker(thread, stopAction);
    }

    /** Asks the loop to stop and waits for it, at most {@code grace}. */
    public void stop(Duration grace) {
        stopAction.run();
        try {
            thread.join(grace.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warnf("%s did not stop within %s", thread.getName(), grace);
        }
    }
}
