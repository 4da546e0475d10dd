package io.customersync.channel.domain;

/** A sale paid and taken at the till, or an order to be fulfilled later. */
public enum TransactionType {
    CASH_AND_CARRY, CUSTOMER_ORDER
}
