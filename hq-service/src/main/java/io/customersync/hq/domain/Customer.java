package io.customersync.hq.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A customer of the HQ customer master, identified by its account number, with its version and the
 * version that last changed each editable field ({@link CustomerVersions} applies changes).
 */
@Entity
@Table(name = "customer")
public class Customer extends PanacheEntityBase {

    /** Who changed a field when HQ itself did (ops), rather than a channel. */
    public static final String HQ = "HQ";

    @Id
    @Column(name = "account_number")
    public String accountNumber;

    @Column(name = "customer_id")
    public UUID customerId;

    @Column(name = "origin_channel_id")
    public String originChannelId;

    @Column(name = "async_customer_number")
    public String asyncCustomerNumber;

    @Column(name = "first_name")
    public String firstName;

    @Column(name = "last_name")
    public String lastName;

    public String email;

    public String phone;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> attributes;

    @Column(name = "created_at")
    public Instant createdAt;

    /** HQ's version of this customer: 1 when numbered, one more at each change (docs/versions.md). */
    public long version = 1;

    /**
     * Per editable field ({@link io.customersync.contracts.CustomerUpdated#FIELDS}), the change that
     * set it last, as "{@code <version> <who>}" (a channel id, or {@link #HQ}); a field never changed
     * since the customer was numbered has no entry (version 1).
     */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "field_changes")
    public Map<String, String> fieldChanges = new java.util.HashMap<>();

    /** Set when ops merged this customer into another account (the number is kept, never reused). */
    @Column(name = "merged_into")
    public String mergedInto;

    /** What the duplicate rules match this customer on, with these (its) addresses. */
    public MatchRules.Profile profile(List<CustomerAddress> addresses) {
        return new MatchRules.Profile(firstName, lastName, email, phone,
                addresses.stream().map(CustomerAddress::toAsyncAddress).toList());
    }
}
