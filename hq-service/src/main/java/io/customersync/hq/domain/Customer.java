package io.customersync.hq.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A customer of the HQ customer master, identified by its account number, with its version and the
 * version that last changed each editable field ({@link CustomerVersions} applies changes). A row of
 * {@code customer}, read and saved by {@link CustomerMaster}.
 */
public class Customer {

    /** Who changed a field when HQ itself did (ops), rather than a channel. */
    public static final String HQ = "HQ";

    public String accountNumber;

    public UUID customerId;

    public String originChannelId;

    public String asyncCustomerNumber;

    public String firstName;

    public String lastName;

    public String email;

    public String phone;

    public Map<String, String> attributes;

    public Instant createdAt;

    /** HQ's version of this customer: 1 when numbered, one more at each change (docs/versions.md). */
    public long version = 1;

    /**
     * Per editable field ({@link io.customersync.contracts.CustomerUpdated#FIELDS}), the change that
     * set it last, as "{@code <version> <who>}" (a channel id, or {@link #HQ}); a field never changed
     * since the customer was numbered has no entry (version 1).
     */
    public Map<String, String> fieldChanges = new java.util.HashMap<>();

    /** Set when ops merged this customer into another account (the number is kept, never reused). */
    public String mergedInto;

    /** What the duplicate rules match this customer on, with these (its) addresses. */
    public MatchRules.Profile profile(List<CustomerAddress> addresses) {
        return new MatchRules.Profile(firstName, lastName, email, phone,
                addresses.stream().map(CustomerAddress::toAsyncAddress).toList());
    }
}
