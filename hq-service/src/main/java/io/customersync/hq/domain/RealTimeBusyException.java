package io.customersync.hq.domain;

/**
 * The real-time service took no customer of this call in time (HQ busy or stopping): nothing was
 * created, and the channel may try again or fall back to async mode.
 */
public class RealTimeBusyException extends RuntimeException {

    public RealTimeBusyException(String why, Throwable cause) {
        super("HQ's real-time service is busy: " + why + "; nothing was created, try again", cause);
    }
}
