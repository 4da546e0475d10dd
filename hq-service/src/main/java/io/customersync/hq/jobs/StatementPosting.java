package io.customersync.hq.jobs;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import io.customersync.api.FieldProblemException;
import io.customersync.contracts.EventJson;
import io.customersync.hq.domain.AsyncCustomerStaging;
import io.customersync.hq.domain.AsyncCustomerSynchronizer;
import io.customersync.hq.domain.StagingStatus;
import io.customersync.hq.domain.SyncRefusedException;
import io.customersync.messaging.JobRunner;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * End-of-day statement posting: a channel's unposted cash-and-carry transactions are posted in one
 * statement. Before posting, every async customer and async address they reference is synced; if
 * one cannot be (held, refused, never received), nothing is posted and the reason says which.
 */
@ApplicationScoped
public class StatementPosting implements JobRunner.Job {

    /** A posted statement: totals per currency, and the customers it had to sync first. */
    public record Statement(long id, String channelId, Instant postedAt, int transactionCount,
            Map<String, BigDecimal> totals, List<SyncedCustomer> syncedCustomers) {
    }

    public record SyncedCustomer(UUID customerId, String accountNumber) {
    }

    private final EntityManager em;
    private final AsyncCustomerSynchronizer synchronizer;

    public StatementPosting(EntityManager em, AsyncCustomerSynchronizer synchronizer) {
        this.em = em;
        this.synchronizer = synchronizer;
    }

    /** The scheduled run: posts a statement for every channel that has unposted transactions. */
    @Override
    @SuppressWarnings("unchecked")
    public JobRunner.Result run() {
        List<String> channels = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                select distinct channel_id from channel_transaction
                where type = 'CASH_AND_CARRY' and statement_id is null""").getResultList());
        int posted = 0;
        int refused = 0;
        for (String channelId : channels) {
            try {
                QuarkusTransaction.requiringNew().call(() -> post(channelId));
                posted++;
            } catch (FieldProblemException e) {
                refused++;
            }
        }
        return new JobRunner.Result(posted, refused);
    }

    /** Posts the channel's statement in the caller's transaction. */
    @SuppressWarnings("unchecked")
    public Statement post(String channelId) {
        List<Object[]> transactions = em.createNativeQuery("""
                select transaction_id, customer_id, address_id, currency, total from channel_transaction
                where channel_id = ?1 and type = 'CASH_AND_CARRY' and statement_id is null
                order by recorded_at for update""").setParameter(1, channelId).getResultList();
        if (transactions.isEmpty()) {
            throw new FieldProblemException(409, "channelId", "channel " + channelId + " has no unposted transactions");
        }
        Set<UUID> customerIds = new LinkedHashSet<>();
        transactions.forEach(t -> customerIds.add((UUID) t[1]));
        List<SyncedCustomer> synced = customerIds.stream().map(this::syncForStatement).flatMap(Optional::stream).toList();
        for (Object[] t : transactions) {
            if (t[2] != null && em.createNativeQuery("select 1 from customer_address where async_address_id = ?1")
                    .setParameter(1, t[2]).getResultList().isEmpty()) {
                throw refusal("address " + t[2] + " of transaction " + t[0] + " is not at HQ");
            }
        }
        Map<String, BigDecimal> totals = new TreeMap<>();
        transactions.forEach(t -> totals.merge(((String) t[3]).trim(), (BigDecimal) t[4], BigDecimal::add));
        Object[] statement = (Object[]) em.createNativeQuery("""
                insert into statement (channel_id, transaction_count, totals, synced_customers)
                values (?1, ?2, cast(?3 as jsonb), cast(?4 as jsonb)) returning id, posted_at""")
                .setParameter(1, channelId).setParameter(2, transactions.size())
                .setParameter(3, json(totals)).setParameter(4, json(synced)).getSingleResult();
        long id = ((Number) statement[0]).longValue();
        em.createNativeQuery("""
                update channel_transaction set statement_id = ?1
                where channel_id = ?2 and type = 'CASH_AND_CARRY' and statement_id is null""")
                .setParameter(1, id).setParameter(2, channelId).executeUpdate();
        return new Statement(id, channelId, (Instant) statement[1], transactions.size(), totals, synced);
    }

    /** Syncs a referenced customer if it is still async; returns it if this statement had to. */
    private Optional<SyncedCustomer> syncForStatement(UUID customerId) {
        AsyncCustomerStaging customer = synchronizer.locked(customerId);
        if (customer == null) {
            throw refusal("customer " + customerId + " was never received by HQ");
        }
        if (customer.status == StagingStatus.SYNCED) {
            return Optional.empty();
        }
        try {
            if (synchronizer.synchronize(customer).isEmpty()) {
                throw refusal("customer " + customerId + " is held: " + customer.heldReason);
            }
        } catch (SyncRefusedException e) {
            throw refusal("customer " + customerId + " cannot be synced: " + e.getMessage());
        }
        return Optional.of(new SyncedCustomer(customerId, customer.accountNumber));
    }

    private static FieldProblemException refusal(String reason) {
        return new FieldProblemException(422, "channelId", "statement not posted: " + reason);
    }

    private static String json(Object value) {
        return new String(EventJson.write(value), StandardCharsets.UTF_8);
    }
}
