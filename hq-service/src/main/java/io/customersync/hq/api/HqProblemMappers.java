package io.customersync.hq.api;

import java.util.List;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.customersync.api.Problem;
import io.customersync.api.Problems;
import io.customersync.hq.domain.CustomerNotNumberedException;
import io.customersync.hq.domain.DuplicateReview;
import io.customersync.hq.domain.HeldForReviewException;
import io.customersync.hq.domain.NotWaitingForOpsException;
import io.customersync.hq.domain.RealTimeBusyException;
import io.customersync.hq.domain.StatementRefusedException;
import io.customersync.hq.domain.SyncRefusedException;
import io.customersync.hq.domain.UnknownCustomerException;
import io.customersync.hq.domain.UnknownStagedCustomerException;

/** HQ's domain exceptions as problem answers: the one place where HQ's domain meets HTTP. */
public class HqProblemMappers {

    /** Sync mode: HQ's rules refuse the customer as it is. */
    @ServerExceptionMapper
    public Response syncRefused(SyncRefusedException e, UriInfo uri) {
        List<Problem.FieldProblem> errors = e.fieldsToFix().isEmpty()
                ? List.of(new Problem.FieldProblem("customerId", e.getMessage()))
                : e.fieldsToFix().stream().map(field -> new Problem.FieldProblem(field, e.getMessage())).toList();
        return Problems.response(422, e.getMessage(), uri.getPath(), errors).build();
    }

    /** Sync mode: HQ took the customer in no transaction in time; nothing was created. */
    @ServerExceptionMapper
    public Response realTimeBusy(RealTimeBusyException e, UriInfo uri) {
        return Problems.response(503, e.getMessage(), uri.getPath(), List.of()).header("Retry-After", 1).build();
    }

    /** Sync mode: the customer waits for ops' duplicate decision. */
    @ServerExceptionMapper
    public Response held(HeldForReviewException e, UriInfo uri) {
        return Problems.field(409, "customerId", e.getMessage(), uri.getPath());
    }

    /** The real-time service offered another channel's customer id: 409, nothing of that customer in it. */
    @ServerExceptionMapper
    public Response anotherChannels(io.customersync.hq.domain.CustomerOfAnotherChannelException e, UriInfo uri) {
        return Problems.field(409, "customerId", e.getMessage(), uri.getPath());
    }

    @ServerExceptionMapper
    public Response decisionRefused(DuplicateReview.RefusedException e, UriInfo uri) {
        return Problems.field(e.conflict() ? 409 : 422, e.field(), e.getMessage(), uri.getPath());
    }

    @ServerExceptionMapper
    public Response notWaiting(NotWaitingForOpsException e, UriInfo uri) {
        return Problems.field(409, "customerId", e.getMessage(), uri.getPath());
    }

    /** No unposted transactions is a conflict; a customer or address that cannot be synced first, a 422. */
    @ServerExceptionMapper
    public Response statementRefused(StatementRefusedException e, UriInfo uri) {
        return Problems.field(e.nothingToPost() ? 409 : 422, "channelId", e.getMessage(), uri.getPath());
    }

    @ServerExceptionMapper
    public Response unknownCustomer(UnknownCustomerException e, UriInfo uri) {
        return Problems.response(404, e.getMessage(), uri.getPath(), List.of()).build();
    }

    /** Erasure and export are of master customers: one still staged (or linked to another account) is a conflict. */
    @ServerExceptionMapper
    public Response notNumbered(CustomerNotNumberedException e, UriInfo uri) {
        return Problems.field(409, "customer", e.getMessage(), uri.getPath());
    }

    /** A key id HQ holds with another customer or other bytes: nothing of the batch is kept. */
    @ServerExceptionMapper
    public Response keyConflict(io.customersync.hq.domain.CustomerDataKeys.KeyConflictException e, UriInfo uri) {
        return Problems.field(409, "keys", e.getMessage(), uri.getPath());
    }

    @ServerExceptionMapper
    public Response unknownStaged(UnknownStagedCustomerException e, UriInfo uri) {
        return Problems.response(404, e.getMessage(), uri.getPath(), java.util.List.of()).build();
    }
}
