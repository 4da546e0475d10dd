package io.customersync.hq.jobs;

import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.customersync.hq.domain.AsyncCustomerStaging;
import io.customersync.hq.domain.AsyncCustomerSynchronizer;
import io.customersync.hq.domain.ChannelTransactions;
import io.customersync.hq.domain.CustomerErasures;
import io.customersync.hq.domain.CustomerMaster;
import io.customersync.hq.domain.StagedCustomers;
import io.customersync.hq.domain.StagingStatus;
import io.customersync.hq.domain.StatementRefusedException;
import io.customersync.hq.domain.Statements;
import io.customersync.hq.domain.Statements.Statement;
import io.customersync.hq.domain.Statements.SyncedCustomer;
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

    private static final Logger LOG = Logger.getLogger(StatementPosting.class);

    private final AsyncCustomerSynchronizer synchronizer;
    private final StagedCustomers staging;
    private final ChannelTransactions transactions;
    private final CustomerMaster master;
    private final Statements statements;
    private final CustomerErasures erasures;

    public StatementPosting(AsyncCustomerSynchronizer synchronizer, StagedCustomers staging,
            ChannelTransactions transactions, CustomerMaster master, Statements statements, CustomerErasures erasures) {
        this.erasures = erasures;
        this.synchronizer = synchronizer;
        this.staging = staging;
        this.transactions = transactions;
        this.master = master;
        this.statements = statements;
    }

    /** The scheduled run: posts a statement for every channel that has unposted transactions. */
    @Override
    public JobRunner.Result run() {
        List<String> channels = QuarkusTransaction.requiringNew().call(transactions::channelsWithUnpostedSales);
        int posted = 0;
        int refused = 0;
        for (String channelId : channels) {
            try {
                QuarkusTransaction.requiringNew().call(() -> post(channelId));
                posted++;
            } catch (StatementRefusedException e) {
                if (!e.nothingToPost()) { // else posted meanwhile, by ops or another instance: nothing failed
                    refused++;
                    // ids and reasons only: what ops need to clear it (the job history keeps no message)
                    LOG.warnf("statement of channel %s not posted: %s", channelId, e.getMessage());
                }
            }
        }
        return new JobRunner.Result(posted, refused);
    }

    /**
     * Posts the channel's statement in the caller's transaction.
     *
     * @throws StatementRefusedException when there is nothing to post or a reference cannot be synced
     */
    public Statement post(String channelId) {
        List<ChannelTransactions.UnpostedSale> sales = transactions.lockUnpostedSales(channelId);
        if (sales.isEmpty()) {
            throw StatementRefusedException.nothingToPost(channelId);
        }
        Set<UUID> customerIds = new LinkedHashSet<>();
        sales.forEach(t -> customerIds.add(t.customerId()));
        List<SyncedCustomer> synced = customerIds.stream().map(this::syncForStatement).flatMap(Optional::stream).toList();
        for (ChannelTransactions.UnpostedSale t : sales) {
            // an erased customer's address may never reach HQ (its upload, sealed with a destroyed key, is dropped):
            // there is nothing of it to sync, and the sale is posted as the erased customer's other sales are
            if (t.addressId() != null && !master.hasAddress(t.addressId()) && !erasures.erased(t.customerId())) {
                throw refusal("address " + t.addressId() + " of transaction " + t.transactionId() + " is not at HQ");
            }
        }
        Map<String, BigDecimal> totals = new TreeMap<>();
        sales.forEach(t -> totals.merge(t.currency(), t.total(), BigDecimal::add));
        Statement statement = statements.insert(channelId, sales.size(), totals, synced);
        // exactly the sales locked and counted above: one recorded meanwhile waits for the next statement
        transactions.postInStatement(sales.stream().map(ChannelTransactions.UnpostedSale::transactionId).toList(),
                statement.id());
        return statement;
    }

    /** Syncs a referenced customer if it is still async; returns it if this statement had to. */
    private Optional<SyncedCustomer> syncForStatement(UUID customerId) {
        AsyncCustomerStaging customer = staging.locked(customerId);
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

    private static StatementRefusedException refusal(String reason) {
        return StatementRefusedException.notPosted(reason);
    }
}
