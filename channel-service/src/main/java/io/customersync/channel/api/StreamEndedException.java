package io.customersync.channel.api;

/**
 * An event stream asked again by a client that already has its final event (its {@code
 * Last-Event-ID} is HQ's answer): answered {@code 204}, which tells a browser's EventSource to stop
 * reconnecting.
 */
public class StreamEndedException extends RuntimeException {

    public StreamEndedException() {
        super("the client has the customer's final event", null, false, false);
    }
}
