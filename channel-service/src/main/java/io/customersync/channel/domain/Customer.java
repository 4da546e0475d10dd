package io.customersync.channel.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A customer as the channel database knows it. Created ASYNC with an async customer number; the
 * account number and SYNCED status are written by distribution-service when HQ has synced it, and
 * FAILED or ON_HOLD (with HQ's reason code and the fields to fix) when HQ refuses or holds it.
 * A plain row with its addresses (one aggregate): {@link Customers} reads and writes them.
 */
public class Customer {

    public UUID id;

    /**
     * New here and its id shown to no one yet (not saved, not sent to HQ): its save gives it the id of a key
     * made ahead, if one is left (decision 0018).
     */
    public boolean takesKeyMadeAhead;

    public String channelId;

    public String asyncCustomerNumber;

    public String firstName;

    public String lastName;

    public String email;

    public String phone;

    public Map<String, String> attributes;

    public CustomerStatus status;

    public String accountNumber;

    public Instant createdAt;

    public Instant updatedAt;

    public Instant syncedAt;

    /** HQ's reason code while FAILED or ON_HOLD (written by distribution-service); null otherwise. */
    public String syncReason;

    /** The names of the fields HQ asks to fix while FAILED (never their values); empty otherwise. */
    public List<String> fieldsToFix = List.of();

    /** HQ's time of the FAILED or ON_HOLD status written last (orders them; kept by a store edit). */
    public Instant syncStatusAt;

    /** A copy of another channel's customer (same address book), placed here by distribution-service. */
    public boolean distributed;

    /**
     * The version of HQ's customer this row holds (written by distribution-service; null while ASYNC):
     * an edit here is uploaded with it as its base (docs/versions.md).
     */
    public Long hqVersion;

    /**
     * When HQ erased the customer's personal data (docs/privacy.md; written by distribution-service through
     * the channel schema's {@code erase_customer}): the row stays anonymised, and the channel refuses it.
     */
    public Instant erasedAt;

    /** The account numbers it had before HQ merged its account into another (channel-schema V26), oldest first. */
    public List<String> formerAccountNumbers = List.of();

    /** Every address row, removed ones too (they stay: sales name them); {@link #liveAddresses} the customer's. */
    public List<CustomerAddress> addresses = new ArrayList<>();

    /** The addresses the customer has: those its store did not remove. */
    public List<CustomerAddress> liveAddresses() {
        return addresses.stream().filter(a -> !a.removed()).toList();
    }

    /**
     * A store edit of a customer HQ refused sends it back to HQ (the edit's upload re-stages it there):
     * ASYNC again, waiting for HQ's new answer; {@code syncStatusAt} stays, so an older refusal still
     * on its way changes nothing.
     */
    void resubmittedToHq() {
        if (status == CustomerStatus.FAILED) {
            status = CustomerStatus.ASYNC;
            syncReason = null;
            fieldsToFix = List.of();
        }
    }

    /** The customer, unless it was erased (then {@link CustomerErasedException}: it is gone for the channel). */
    public Customer notErased() {
        if (erasedAt != null) {
            throw new CustomerErasedException(id);
        }
        return this;
    }

    /** Whether this row is a copy of another store's customer (of the address book), not the channel's own. */
    public boolean isCopy() {
        return distributed;
    }
}
