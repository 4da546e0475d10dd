package io.customersync.channel.domain;

/** An address to give a customer, new or being created. */
public record NewAddress(String street, String city, String state, String zip, String country,
        AddressPurpose purpose) {
}
