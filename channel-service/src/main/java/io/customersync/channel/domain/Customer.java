package io.customersync.channel.domain;

import static io.customersync.messaging.SqlArrays.addressColumns;
import static io.customersync.messaging.SqlArrays.column;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.customersync.contracts.CustomerNotSynchronized;
import io.customersync.contracts.EventJson;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A customer as the channel database knows it. Created ASYNC with an async customer number; the
 * account number and SYNCED status are written by distribution-service when HQ has synced it, and
 * FAILED or ON_HOLD (with HQ's reason code and the fields to fix) when HQ refuses or holds it.
 *
 * <p>Owner of the {@code customer} and {@code customer_address} tables (a customer and its
 * addresses are one aggregate): single customers through Panache, async customers set-based.
 */
@Entity
@Table(name = "customer")
public class Customer extends PanacheEntityBase {

    /** New customers in one statement (hot path: group commit): ASYNC, or SYNCED by HQ's real-time call. */
    private static final String INSERT_CUSTOMERS = """
            insert into customer (id, channel_id, async_customer_number, first_name, last_name, email, phone,
                                  attributes, status, account_number, synced_at, created_at, updated_at, distributed)
            select id, channel_id, number, first_name, last_name, email, phone, cast(attributes as jsonb),
                   status, account_number, synced_at, created_at, created_at, false
            from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::timestamptz[], ?::text[], ?::text[], ?::timestamptz[])
                as c(id, channel_id, number, first_name, last_name, email, phone, attributes, created_at, status,
                     account_number, synced_at)""";

    /** Their addresses, all in one statement (HQ's address id known for a sync-mode customer). */
    private static final String INSERT_ADDRESSES = """
            insert into customer_address (id, customer_id, position, street, city, state, zip, country, purpose,
                                          hq_address_id)
            select * from unnest(?::uuid[], ?::uuid[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[],
                                 ?::text[], ?::text[], ?::int8[])""";

    /** Both in one statement, one round trip for a group: the addresses' foreign keys are checked at its end. */
    private static final String INSERT_CUSTOMERS_WITH_ADDRESSES = "with customers as (" + INSERT_CUSTOMERS + ")\n"
            + INSERT_ADDRESSES;

    /** How many customers have a status (the one text parameter); for the metrics' gauge, read at each scrape. */
    public static final String COUNT_BY_STATUS = "select count(*) from customer where status = ?";

    @Id
    public UUID id;

    /**
     * New here and its id shown to no one yet (not saved, not sent to HQ): its save gives it the id of a key
     * made ahead, if one is left (decision 0018).
     */
    @Transient
    public boolean takesKeyMadeAhead;

    @Column(name = "channel_id")
    public String channelId;

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

    @Enumerated(EnumType.STRING)
    public CustomerStatus status;

    @Column(name = "account_number")
    public String accountNumber;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "synced_at")
    public Instant syncedAt;

    /** HQ's reason code while FAILED or ON_HOLD (written by distribution-service); null otherwise. */
    @Column(name = "sync_reason")
    public String syncReason;

    /** The names of the fields HQ asks to fix while FAILED (never their values); empty otherwise. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "fields_to_fix")
    public List<String> fieldsToFix = List.of();

    /** HQ's time of the FAILED or ON_HOLD status written last (orders them; kept by a store edit). */
    @Column(name = "sync_status_at")
    public Instant syncStatusAt;

    /** A copy of another channel's customer (same address book), placed here by distribution-service. */
    public boolean distributed;

    /**
     * The version of HQ's customer this row holds (written by distribution-service; null while ASYNC):
     * an edit here is uploaded with it as its base (docs/versions.md).
     */
    @Column(name = "hq_version")
    public Long hqVersion;

    /**
     * When HQ erased the customer's personal data (docs/privacy.md; written by distribution-service through
     * the channel schema's {@code erase_customer}): the row stays anonymised, and the channel refuses it.
     */
    @Column(name = "erased_at")
    public Instant erasedAt;

    @OneToMany(mappedBy = "customer", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    public List<CustomerAddress> addresses = new ArrayList<>();

    /** One page of a till search and how many customers match in all. */
    public record SearchPage(List<Customer> customers, long total) {
    }

    private static final java.util.regex.Pattern PHONE_LIKE = java.util.regex.Pattern.compile("[+0-9 ().\\-/]*[0-9][+0-9 ().\\-/]*");

    /**
     * Till search: the customers the channel sees (its own and copies from its address book, async ones
     * included) whose account number or async customer number is {@code text} (any case), whose name or
     * e-mail contains it (any case, across first name, last name and e-mail: "amy search" finds Amy
     * Search), or, when {@code text} is a phone number with at least three digits, whose phone contains
     * those digits whatever the punctuation. Ordered by name; an empty text lists everyone.
     * Each arm has its index (channel-schema V8).
     */
    public static SearchPage search(String channelId, String text, int page, int size) {
        SearchQuery query = SearchQuery.of(channelId, text);
        var select = getEntityManager().createNativeQuery(query.select(), Customer.class);
        var count = getEntityManager().createNativeQuery("select count(*) from customer where " + query.where(), Long.class);
        query.parameters().forEach((name, value) -> {
            select.setParameter(name, value);
            count.setParameter(name, value);
        });
        @SuppressWarnings("unchecked")
        List<Customer> customers = select.setFirstResult(page * size).setMaxResults(size).getResultList();
        return new SearchPage(customers, ((Number) count.getSingleResult()).longValue());
    }

    /** The SQL of a till search and its named parameters (public so that a test can EXPLAIN it). */
    public record SearchQuery(String where, Map<String, Object> parameters) {

        public String select() {
            return "select * from customer where " + where + " order by last_name, first_name, id";
        }

        public static SearchQuery of(String channelId, String text) {
            StringBuilder where = new StringBuilder("(channel_id = :channel or distributed) and erased_at is null");
            Map<String, Object> parameters = new java.util.HashMap<>();
            parameters.put("channel", channelId);
            if (!text.isEmpty()) {
                // each arm's expression is the one of its index (channel-schema V8)
                where.append(" and (account_number = :number or async_customer_number = :number"
                        + " or lower(first_name || ' ' || last_name || ' ' || coalesce(email, '')) like :pattern escape '\\'");
                parameters.put("number", text.toUpperCase(java.util.Locale.ROOT));
                parameters.put("pattern", "%" + text.toLowerCase(java.util.Locale.ROOT)
                        .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
                String digits = text.replaceAll("[^0-9]", "");
                if (digits.length() >= 3 && PHONE_LIKE.matcher(text).matches()) {
                    where.append(" or regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g') like :digits");
                    parameters.put("digits", "%" + digits + "%");
                }
                where.append(')');
            }
            return new SearchQuery(where.toString(), Map.copyOf(parameters));
        }
    }

    /** The customer with this id, in whatever channel; null if there is none. */
    public static Customer byId(UUID id) {
        return findById(id);
    }

    /**
     * A customer the channel sees: its own, or a copy of another channel's customer from its address
     * book (read, search, transactions and edits; addresses are added where it was created).
     */
    public static Optional<Customer> findVisible(UUID id, String channelId) {
        return Customer.<Customer> findByIdOptional(id).filter(c -> c.channelId.equals(channelId) || c.distributed);
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

    /** A customer of the channel, locked so concurrent edits queue up; null if there is none such. */
    static Customer lockedForEdit(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * A customer just saved as async that HQ's real-time service holds as a possible duplicate:
     * ON_HOLD at once (HQ's status event says the same a moment later), never over another status.
     */
    static void markHeldAtHq(Connection db, Customer customer) throws SQLException {
        try (PreparedStatement update = db.prepareStatement("""
                update customer set status = 'ON_HOLD', sync_reason = ? where id = ? and status = 'ASYNC'""")) {
            update.setString(1, CustomerNotSynchronized.POSSIBLE_DUPLICATE);
            update.setObject(2, customer.id);
            update.executeUpdate();
        }
        customer.status = CustomerStatus.ON_HOLD;
        customer.syncReason = CustomerNotSynchronized.POSSIBLE_DUPLICATE;
    }

    /**
     * Inserts new customers (ASYNC, or SYNCED with their account numbers) and their addresses with one
     * statement per table whatever their number, on the transaction's connection (no entity is loaded or managed).
     */
    static void insertNew(Connection db, List<Customer> customers) throws SQLException {
        List<CustomerAddress> addresses = customers.stream().flatMap(c -> c.addresses.stream()).toList();
        try (PreparedStatement insert = db.prepareStatement(addresses.isEmpty() ? INSERT_CUSTOMERS
                : INSERT_CUSTOMERS_WITH_ADDRESSES)) {
            insert.setArray(1, column(db, "uuid", customers, c -> c.id));
            insert.setArray(2, column(db, "text", customers, c -> c.channelId));
            insert.setArray(3, column(db, "text", customers, c -> c.asyncCustomerNumber));
            insert.setArray(4, column(db, "text", customers, c -> c.firstName));
            insert.setArray(5, column(db, "text", customers, c -> c.lastName));
            insert.setArray(6, column(db, "text", customers, c -> c.email));
            insert.setArray(7, column(db, "text", customers, c -> c.phone));
            insert.setArray(8, column(db, "text", customers,
                    c -> new String(EventJson.write(c.attributes), StandardCharsets.UTF_8)));
            insert.setArray(9, column(db, "text", customers, c -> c.createdAt.toString()));
            insert.setArray(10, column(db, "text", customers, c -> c.status.name()));
            insert.setArray(11, column(db, "text", customers, c -> c.accountNumber));
            insert.setArray(12, column(db, "text", customers, c -> c.syncedAt == null ? null : c.syncedAt.toString()));
            if (!addresses.isEmpty()) {
                insert.setArray(13, column(db, "uuid", addresses, a -> a.id));
                insert.setArray(14, column(db, "uuid", addresses, a -> a.customer.id));
                insert.setArray(15, column(db, "int4", addresses, a -> a.position));
                addressColumns(insert, 16, addresses.stream().map(CustomerAddress::toEvent).toList());
                insert.setArray(22, column(db, "int8", addresses, a -> a.hqAddressId));
            }
            insert.execute();
        }
    }
}
