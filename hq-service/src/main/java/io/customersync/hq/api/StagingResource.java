package io.customersync.hq.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.customersync.api.ApiRoles;
import io.customersync.api.Caller;
import io.customersync.api.FieldProblemException;
import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.EventJson;
import io.customersync.hq.domain.AsyncCustomerStaging;
import io.customersync.hq.domain.AsyncCustomerSynchronizer;
import io.customersync.hq.domain.DuplicateReview;
import io.customersync.hq.domain.StagingHistory;
import io.customersync.hq.domain.StagingStatus;
import io.customersync.hq.jobs.HqJobs;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.common.annotation.Blocking;

/**
 * D365's "Customer synchronization status" page as an API for ops: staged async customers by status,
 * their history, and for a FAILED or held one: edit it, retry it, or decide about a possible duplicate.
 */
@RolesAllowed(ApiRoles.OPS)
@Path("/api/v1/staging")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class StagingResource {

    public record StagedCustomer(UUID customerId, String channelId, String asyncCustomerNumber, StagingStatus status,
            String accountNumber, String lastError, String heldReason, Instant receivedAt, Instant syncedAt) {

        static StagedCustomer from(AsyncCustomerStaging row) {
            return new StagedCustomer(row.customerId, row.channelId, row.asyncCustomerNumber, row.status,
                    row.accountNumber, row.lastError, row.heldReason, row.receivedAt, row.syncedAt);
        }
    }

    public record HistoryEntry(String status, String detail, Instant at) {
    }

    public record StagedCustomerDetail(StagedCustomer customer, CustomerCreated payload, List<HistoryEntry> history) {
    }

    private final EntityManager em;
    private final AsyncCustomerSynchronizer synchronizer;
    private final StagingHistory history;
    private final HqJobs jobs;
    private final Caller caller;
    private final DuplicateReview review;

    public StagingResource(EntityManager em, AsyncCustomerSynchronizer synchronizer, StagingHistory history,
            HqJobs jobs, Caller caller, DuplicateReview review) {
        this.em = em;
        this.review = review;
        this.synchronizer = synchronizer;
        this.history = history;
        this.jobs = jobs;
        this.caller = caller;
    }

    /** Staged customers, newest first; {@code held=true} only those held for a duplicate decision (HOLD). */
    @GET
    public List<StagedCustomer> list(@QueryParam("status") StagingStatus status, @QueryParam("held") Boolean held,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        StringBuilder query = new StringBuilder("1 = 1");
        Map<String, Object> parameters = new HashMap<>();
        if (status != null) {
            query.append(" and status = :status");
            parameters.put("status", status);
        }
        if (held != null) {
            query.append(held ? " and heldReason is not null" : " and heldReason is null");
        }
        return AsyncCustomerStaging.<AsyncCustomerStaging> find(query.toString(), Sort.descending("receivedAt"), parameters)
                .page(Page.ofSize(limit)).list().stream().filter(r -> caller.sees(r.channelId))
                .map(StagedCustomer::from).toList();
    }

    /** How many staged customers each channel has in each status (for the pipeline page). */
    public record StagingCount(String channelId, StagingStatus status, long count) {
    }

    @GET
    @Path("/counts")
    @SuppressWarnings("unchecked")
    public List<StagingCount> counts() {
        List<Object[]> rows = em.createNativeQuery(
                "select channel_id, status, count(*) from async_customer_staging group by channel_id, status order by 1, 2")
                .getResultList();
        return rows.stream().filter(r -> caller.sees((String) r[0])).map(r -> new StagingCount((String) r[0],
                StagingStatus.valueOf((String) r[1]), ((Number) r[2]).longValue())).toList();
    }

    @GET
    @Path("/{customerId}")
    @SuppressWarnings("unchecked")
    public StagedCustomerDetail get(@PathParam("customerId") UUID customerId) {
        AsyncCustomerStaging row = visible(AsyncCustomerStaging.findById(customerId));
        List<Object[]> entries = em.createNativeQuery(
                "select status, detail, at from staging_history where customer_id = ?1 order by id")
                .setParameter(1, customerId).getResultList();
        return new StagedCustomerDetail(StagedCustomer.from(row), payload(row),
                entries.stream().map(e -> new HistoryEntry((String) e[0], (String) e[1], (Instant) e[2])).toList());
    }

    /** Corrects a FAILED or held customer before it is retried; the fields given replace the staged ones. */
    @APIResponse(responseCode = "409", description = "Conflict: only a FAILED or held customer can be edited")
    @PATCH
    @Path("/{customerId}")
    @Transactional
    public StagedCustomerDetail edit(@PathParam("customerId") UUID customerId, @Valid @NotNull StagedCustomerEdit edit) {
        AsyncCustomerStaging row = waitingForOps(customerId);
        CustomerCreated c = payload(row);
        CustomerCreated edited = new CustomerCreated(c.customerId(), c.channelId(), c.asyncCustomerNumber(),
                edit.firstName() == null ? c.firstName() : edit.firstName(),
                edit.lastName() == null ? c.lastName() : edit.lastName(),
                edit.email() == null ? c.email() : edit.email(), edit.phone() == null ? c.phone() : edit.phone(),
                c.addresses(), c.attributes(), c.createdAt());
        row.payload = new String(EventJson.write(edited), StandardCharsets.UTF_8);
        history.record(customerId, "EDITED", "edited by ops");
        return get(customerId);
    }

    /** Puts a FAILED customer back to PENDING; the customer-sync job takes it (at once when continuous). */
    @APIResponse(responseCode = "409", description = "Conflict: only a FAILED or held customer can be retried")
    @POST
    @Path("/{customerId}/retry")
    public StagedCustomer retry(@PathParam("customerId") UUID customerId) {
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> {
            AsyncCustomerStaging row = waitingForOps(customerId);
            row.status = StagingStatus.PENDING;
            row.lastError = null;
            history.record(customerId, "RETRY", "retried by ops");
        });
        jobs.find(HqJobs.CUSTOMER_SYNC).orElseThrow().runNow();
        return StagedCustomer.from(AsyncCustomerStaging.findById(customerId));
    }

    /**
     * Decides about a possible duplicate, flagged or held: KEEP_SEPARATE, or LINK to an existing account
     * (the matched one unless another is named). The review queue lists what waits (GET /api/v1/staging/review).
     */
    @APIResponse(responseCode = "409", description = "Conflict: the decision conflicts with the customer's state")
    @APIResponse(responseCode = "422", description = "Unprocessable Content: the decision cannot be carried out")
    @POST
    @Path("/{customerId}/decision")
    @Transactional
    public StagedCustomer decide(@PathParam("customerId") UUID customerId, @Valid @NotNull DuplicateDecision decision) {
        AsyncCustomerStaging row = visible(synchronizer.locked(customerId));
        try {
            review.decide(row, decision.toDomain(), decision.accountNumber());
        } catch (DuplicateReview.RefusedException refused) {
            throw new FieldProblemException(refused.conflict() ? 409 : 422, refused.field(), refused.getMessage());
        }
        return StagedCustomer.from(row);
    }

    private AsyncCustomerStaging waitingForOps(UUID customerId) {
        AsyncCustomerStaging row = visible(synchronizer.locked(customerId));
        if (row.status != StagingStatus.FAILED && row.heldReason == null) {
            throw new FieldProblemException(409, "customerId", "only a FAILED or held customer can be edited or retried");
        }
        return row;
    }

    private AsyncCustomerStaging visible(AsyncCustomerStaging row) {
        if (row == null || !caller.sees(row.channelId)) {
            throw new NotFoundException("no such staged customer");
        }
        return row;
    }

    private void requireOps() {
    }

    private static CustomerCreated payload(AsyncCustomerStaging row) {
        try {
            return EventJson.read(row.payload.getBytes(StandardCharsets.UTF_8), CustomerCreated.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable staged payload", e);
        }
    }
}
