package io.customersync.channel.domain;

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
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;

/**
 * A customer as the channel database knows it. Created ASYNC with an async customer number; the
 * account number and SYNCED status are written by distribution-service when HQ has synced it.
 */
@Entity
@Table(name = "customer")
public class Customer extends PanacheEntityBase {

    @Id
    public UUID id;

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

    /** A copy of another channel's customer (same address book), placed here by distribution-service. */
    public boolean distributed;

    @OneToMany(mappedBy = "customer", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    public List<CustomerAddress> addresses = new ArrayList<>();

    /**
     * Customers the channel sees whose name, email or phone contains {@code text} (any case), by
     * name; async customers and copies of other channels' customers included.
     */
    public static PanacheQuery<Customer> search(String channelId, String text) {
        String pattern = "%" + text.toLowerCase(java.util.Locale.ROOT)
                .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return find("(channelId = ?1 or distributed = true) and (lower(firstName) like ?2 escape '\\' or lower(lastName) like ?2 escape '\\'"
                + " or lower(email) like ?2 escape '\\' or phone like ?2 escape '\\')",
                Sort.by("lastName").and("firstName").and("id"), channelId, pattern);
    }

    /**
     * A customer the channel sees: its own, or a copy of another channel's customer from its address
     * book (read, search and transactions; edits happen where the customer was created).
     */
    public static Optional<Customer> findVisible(UUID id, String channelId) {
        return Customer.<Customer> findByIdOptional(id).filter(c -> c.channelId.equals(channelId) || c.distributed);
    }
}
