package io.customersync.channel.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A transaction recorded at the channel that references a customer (and maybe one of its addresses). */
@Entity
@Table(name = "retail_transaction")
public class RetailTransaction extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "channel_id")
    public String channelId;

    @Enumerated(EnumType.STRING)
    public TransactionType type;

    @Column(name = "customer_id")
    public UUID customerId;

    @Column(name = "address_id")
    public UUID addressId;

    public String currency;

    public BigDecimal total;

    @Column(name = "created_at")
    public Instant createdAt;

    @ElementCollection
    @CollectionTable(name = "retail_transaction_line", joinColumns = @JoinColumn(name = "transaction_id"))
    @OrderColumn(name = "line_number")
    public List<Line> lines = new ArrayList<>();

    /** The transaction, if it was recorded in this channel. */
    public static Optional<RetailTransaction> findVisible(UUID id, String channelId) {
        return RetailTransaction.<RetailTransaction> findByIdOptional(id).filter(t -> t.channelId.equals(channelId));
    }

    /** One line of the transaction. */
    @Embeddable
    public static class Line {
        public String sku;
        public BigDecimal quantity;
        @Column(name = "unit_price")
        public BigDecimal unitPrice;
    }

}
