package io.customersync.channel.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A transaction recorded at the channel that references a customer (and maybe one of its addresses), with its
 * lines in order: a plain row, which {@link TransactionRecording} writes and reads.
 */
public class RetailTransaction {

    public UUID id;

    public String channelId;

    public TransactionType type;

    public UUID customerId;

    public UUID addressId;

    public String currency;

    public BigDecimal total;

    public Instant createdAt;

    public List<Line> lines = new ArrayList<>();

    /** One line of the transaction. */
    public static class Line {
        public String sku;
        public BigDecimal quantity;
        public BigDecimal unitPrice;
    }
}
