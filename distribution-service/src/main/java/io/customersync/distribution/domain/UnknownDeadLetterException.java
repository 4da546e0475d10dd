package io.customersync.distribution.domain;

/** There is no such dead letter: not a dead-letter topic of the pipeline, or no record at that offset. */
public class UnknownDeadLetterException extends RuntimeException {

    public UnknownDeadLetterException(String detail) {
        super(detail);
    }
}
