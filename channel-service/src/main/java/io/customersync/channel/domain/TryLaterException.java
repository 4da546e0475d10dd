package io.customersync.channel.domain;

/** Nothing was saved, through no fault of the caller, and a retry may well succeed: 503 with Retry-After. */
public class TryLaterException extends RuntimeException {

    public TryLaterException(String message, Throwable cause) {
        super(message, cause);
    }
}
