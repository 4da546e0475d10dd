package io.customersync.channel.domain;

/** What an address is for (D365's address purposes, simplified). */
public enum AddressPurpose {
    HOME, DELIVERY, INVOICE, BUSINESS
}
