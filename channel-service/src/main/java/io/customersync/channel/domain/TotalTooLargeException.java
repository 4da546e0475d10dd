package io.customersync.channel.domain;

/** A sale whose lines add up to more than a transaction's total can hold (15 digits before the point). */
public class TotalTooLargeException extends RefusedException {

    public TotalTooLargeException() {
        super("lines", "the lines add up to more than a sale's total can hold (less than 10^15)");
    }
}
