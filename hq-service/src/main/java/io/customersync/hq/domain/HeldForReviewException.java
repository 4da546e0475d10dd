package io.customersync.hq.domain;

/** A customer created in sync mode is held as a possible duplicate until ops decide (HOLD policy). */
public class HeldForReviewException extends RuntimeException {

    public HeldForReviewException() {
        super("held as a possible duplicate until ops decide; the channel may go on in async mode");
    }
}
