package io.customersync.channel.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.customersync.channel.messaging.ChannelOutbox;
import io.customersync.contracts.TransactionLine;
import io.customersync.contracts.TransactionRecorded;
import io.customersync.messaging.Database;

/**
 * Records transactions that reference customers, async ones included, and uploads them keyed by
 * the customer, after the customer's own events, so HQ can sync the customer first. Owner of the
 * {@code retail_transaction} and {@code retail_transaction_line} tables.
 */
@ApplicationScoped
public class TransactionRecording {

    /** Digits a sale's total may have before the point (numeric(19,4)). */
    private static final int MAX_TOTAL_DIGITS = 15;

    private static final String INSERT_LINES = """
            insert into retail_transaction_line (transaction_id, line_number, sku, quantity, unit_price)
            select ?, n - 1, sku, quantity, unit_price
            from unnest(?::text[], ?::numeric[], ?::numeric[]) with ordinality as l(sku, quantity, unit_price, n)""";

    private final ChannelDatabase database;
    private final Customers customers;
    private final ChannelOutbox outbox;

    public TransactionRecording(ChannelDatabase database, Customers customers, ChannelOutbox outbox) {
        this.database = database;
        this.customers = customers;
        this.outbox = outbox;
    }

    @Transactional
    public RetailTransaction record(String channelId, NewTransaction request) {
        Customer customer = customers.findVisible(request.customerId(), channelId)
                .orElseThrow(UnknownCustomerReferenceException::new);
        if (request.addressId() != null
                && customer.liveAddresses().stream().noneMatch(a -> a.id.equals(request.addressId()))) {
            throw new UnknownAddressException();
        }
        RetailTransaction transaction = new RetailTransaction();
        transaction.id = UUID.randomUUID();
        transaction.channelId = channelId;
        transaction.type = request.type();
        transaction.customerId = customer.id;
        transaction.addressId = request.addressId();
        transaction.currency = request.currency();
        transaction.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        BigDecimal total = BigDecimal.ZERO;
        for (NewTransaction.Line requested : request.lines()) {
            RetailTransaction.Line line = new RetailTransaction.Line();
            line.sku = requested.sku();
            // as kept (numeric(19,4), at most four decimals by the request's rules): the answer says what a read says
            line.quantity = requested.quantity().setScale(4, RoundingMode.UNNECESSARY);
            line.unitPrice = requested.unitPrice().setScale(4, RoundingMode.UNNECESSARY);
            transaction.lines.add(line);
            total = total.add(requested.quantity().multiply(requested.unitPrice()));
        }
        // as the sale is kept (numeric(19,4)): the answer, the upload and the statement all say the same total
        total = total.setScale(4, RoundingMode.HALF_UP);
        if (total.precision() - total.scale() > MAX_TOTAL_DIGITS) {
            throw new TotalTooLargeException();
        }
        transaction.total = total;
        insert(transaction);
        outbox.transactionRecorded(new TransactionRecorded(transaction.id, channelId, transaction.type.name(),
                customer.id, transaction.addressId, transaction.currency,
                transaction.lines.stream().map(l -> new TransactionLine(l.sku, l.quantity, l.unitPrice)).toList(),
                total, transaction.createdAt));
        return transaction;
    }

    /** The transaction, if it was recorded in this channel, with its lines in order. */
    public Optional<RetailTransaction> findVisible(UUID id, String channelId) {
        return Optional.ofNullable(database.call("read transaction " + id, db -> {
            RetailTransaction transaction;
            try (PreparedStatement select = Database.prepare(db, """
                    select id, channel_id, type, customer_id, address_id, currency, total, created_at
                    from retail_transaction where id = ? and channel_id = ?""", id, channelId);
                    ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                transaction = new RetailTransaction();
                transaction.id = rs.getObject(1, UUID.class);
                transaction.channelId = rs.getString(2);
                transaction.type = TransactionType.valueOf(rs.getString(3));
                transaction.customerId = rs.getObject(4, UUID.class);
                transaction.addressId = rs.getObject(5, UUID.class);
                transaction.currency = rs.getString(6);
                transaction.total = rs.getBigDecimal(7);
                transaction.createdAt = Database.instant(rs, 8);
            }
            try (PreparedStatement select = Database.prepare(db, """
                    select sku, quantity, unit_price from retail_transaction_line where transaction_id = ?
                    order by line_number""", id); ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    RetailTransaction.Line line = new RetailTransaction.Line();
                    line.sku = rs.getString(1);
                    line.quantity = rs.getBigDecimal(2);
                    line.unitPrice = rs.getBigDecimal(3);
                    transaction.lines.add(line);
                }
            }
            return transaction;
        }));
    }

    /** The transaction and its lines, numbered from 0 in their order, with two statements. */
    private void insert(RetailTransaction t) {
        database.update("""
                insert into retail_transaction (id, channel_id, type, customer_id, address_id, currency, total, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)""", t.id, t.channelId, t.type, t.customerId, t.addressId, t.currency,
                t.total, t.createdAt);
        database.update(INSERT_LINES, t.id,
                new Database.Array("text", t.lines.stream().map(l -> l.sku).toList()),
                new Database.Array("numeric", t.lines.stream().map(l -> l.quantity).toList()),
                new Database.Array("numeric", t.lines.stream().map(l -> l.unitPrice).toList()));
    }
}
