package io.customersync.distribution.domain;

/** Ops replay a dead letter once: this one was replayed before. */
public class DeadLetterAlreadyReplayedException extends RuntimeException {

    public DeadLetterAlreadyReplayedException(String topic, int partition, long offset) {
        super(topic + "/" + partition + "@" + offset + " was replayed before");
    }
}
