package io.customersync.channel.domain;

import java.util.Map;

/** A change to a customer: the fields that are not null are changed ({@code attributes} replaces them all). */
public record CustomerEdit(String firstName, String lastName, String email, String phone,
        Map<String, String> attributes) {
}
