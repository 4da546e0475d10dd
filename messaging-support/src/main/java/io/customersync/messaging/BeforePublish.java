package io.customersync.messaging;

/**
 * What an outbox relay must have done before it publishes a batch it selected (channel-service's
 * P-job: escrow the data keys of the customers whose sealed events it is about to publish, decision
 * 0014). It runs on the relay's own thread, after the batch is selected, so everything the batch
 * needs has committed. A failure leaves the batch unsent; the relay retries it with back-off, as
 * when Kafka is down.
 */
@FunctionalInterface
public interface BeforePublish {

    BeforePublish NOTHING = () -> {
    };

    void prepare() throws Exception;
}
