package io.customersync.channel.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.customersync.channel.messaging.ChannelOutbox;
import io.customersync.contracts.TransactionLine;
import io.customersync.contracts.TransactionRecorded;

/**
 * Records transactions that reference customers, async ones included, and uploads them keyed by
 * the customer, after the customer's own events, so HQ can sync the customer first.
 */
@ApplicationScoped
public class TransactionRecording {

    private final EntityManager em;
    private final ChannelOutbox outbox;

    public TransactionRecording(EntityManager em, ChannelOutbox outbox) {
        this.em = em;
        this.outbox = outbox;
    }

    @Transactional
    public RetailTransaction record(String channelId, NewTransaction request) {
        Customer customer = Customer.findVisible(request.customerId(), channelId)
                .orElseThrow(UnknownCustomerReferenceException::new);
        if (request.addressId() != null && customer.addresses.stream().noneMatch(a -> a.id.equals(request.addressId()))) {
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
            line.quantity = requested.quantity();
            line.unitPrice = requested.unitPrice();
            transaction.lines.add(line);
            total = total.add(requested.quantity().multiply(requested.unitPrice()));
        }
        transaction.total = total;
        transaction.persist();
        outbox.transactionRecorded(em, new TransactionRecorded(transaction.id, channelId, transaction.type.name(),
                customer.id, transaction.addressId, transaction.currency,
                transaction.lines.stream().map(l -> new TransactionLine(l.sku, l.quantity, l.unitPrice)).toList(),
                total, transaction.createdAt));
        return transaction;
    }
}
