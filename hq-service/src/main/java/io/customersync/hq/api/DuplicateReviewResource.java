package io.customersync.hq.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.customersync.api.ApiRoles;
import io.customersync.api.Caller;
import io.customersync.contracts.AsyncAddress;
import io.customersync.contracts.CustomerCreated;
import io.customersync.hq.domain.CustomerAddress;
import io.customersync.hq.domain.CustomerMaster;
import io.customersync.hq.domain.PossibleDuplicates;
import io.customersync.hq.domain.SharedContactValues;
import io.customersync.hq.domain.StagingStatus;
import io.smallrye.common.annotation.Blocking;

/**
 * The review queue of possible duplicates: customers a match rule flagged (FLAG, numbered on their
 * own) or held (HOLD, waiting), each beside the master customer it matched, with the rule. Ops decide
 * with {@code POST /api/v1/staging/{customerId}/decision}. Personal data is in the answer only, never
 * logged. Also the contact values HQ found shared by too many customers to match on (placeholders).
 */
@RolesAllowed(ApiRoles.OPS)
@Path("/api/v1/staging/review")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class DuplicateReviewResource {

    /** One side of an entry: the staged customer (its own account once numbered) or the master customer it matched. */
    public record Person(String accountNumber, String firstName, String lastName, String email, String phone,
            List<AsyncAddress> addresses) {
    }

    public record ReviewEntry(UUID customerId, String channelId, String asyncCustomerNumber, PossibleDuplicates.Kind kind,
            StagingStatus status, String rule, Instant detectedAt, Person customer, Person matched) {
    }

    private final PossibleDuplicates possibleDuplicates;
    private final SharedContactValues sharedValues;
    private final CustomerMaster master;
    private final Caller caller;

    public DuplicateReviewResource(PossibleDuplicates possibleDuplicates, SharedContactValues sharedValues,
            CustomerMaster master, Caller caller) {
        this.master = master;
        this.possibleDuplicates = possibleDuplicates;
        this.sharedValues = sharedValues;
        this.caller = caller;
    }

    /** Undecided possible duplicates, oldest first; {@code kind} FLAGGED or HELD for one kind only. */
    @GET
    public List<ReviewEntry> queue(@QueryParam("kind") PossibleDuplicates.Kind kind,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        List<PossibleDuplicates.Entry> entries = possibleDuplicates.queue(kind, limit).stream()
                .filter(e -> caller.sees(e.channelId())).toList();
        Map<String, List<AsyncAddress>> addresses = entries.isEmpty() ? Map.of()
                : master.addressesOf(entries.stream().map(PossibleDuplicates.Entry::matchedAccount).distinct().toList())
                        .stream().collect(Collectors.groupingBy(a -> a.accountNumber,
                                Collectors.mapping(CustomerAddress::toAsyncAddress, Collectors.toList())));
        return entries.stream().map(e -> {
            CustomerCreated staged = e.staged();
            PossibleDuplicates.MasterCustomer m = e.matched();
            return new ReviewEntry(e.customerId(), e.channelId(), e.asyncCustomerNumber(), e.kind(), e.status(), e.rule(),
                    e.detectedAt(), new Person(e.accountNumber(), staged.firstName(), staged.lastName(), staged.email(),
                            staged.phone(), staged.addresses()),
                    new Person(m.accountNumber(), m.firstName(), m.lastName(), m.email(), m.phone(),
                            addresses.getOrDefault(m.accountNumber(), List.of())));
        }).toList();
    }

    /** Contact values held by more customers than the threshold: placeholders, never matched. */
    @GET
    @Path("/shared-values")
    public List<SharedContactValues.SharedValue> sharedValues(
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return sharedValues.list(limit);
    }
}
