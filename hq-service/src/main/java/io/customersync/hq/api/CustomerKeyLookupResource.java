package io.customersync.hq.api;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.customersync.api.ApiRoles;
import io.customersync.hq.domain.DataKeyLookup;
import io.smallrye.common.annotation.Blocking;

/**
 * distribution-service reads the customers' data keys here to open the sealed records of the sync topic
 * (crypto-shredding, docs/privacy.md, decision 0014), with its own key of role {@code distribution}, which
 * may do nothing else. A read: POST only because the body carries up to 500 key ids (one poll's records).
 * Each key is answered {@code HELD} (with its 32 bytes), {@code ERASED} (the customer is erased: drop the
 * record) or {@code NOT_HELD} (not at HQ yet: try again later).
 */
@RolesAllowed(ApiRoles.DISTRIBUTION)
@Path("/api/v1/customer-keys/lookup")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class CustomerKeyLookupResource {

    /** A key wanted: its id ({@code sealed.keyId} of a record) and the record's customer. */
    @JsonIgnoreProperties(ignoreUnknown = true) // a newer distribution-service may send more
    public record WantedKey(@NotNull UUID keyId, @NotNull UUID customerId) {
    }

    /**
     * {@code ahead}: how many keys escrowed after {@code escrowedAfter} (or escrowed last, without it) to hand over
     * as well, for records yet to come (decision 0018; none if absent).
     */
    @JsonIgnoreProperties(ignoreUnknown = true) // a newer distribution-service may send more
    public record KeyLookup(@NotEmpty @Size(max = 500) List<@NotNull @Valid WantedKey> keys,
            @Min(0) @Max(DataKeyLookup.MAX_AHEAD) Integer ahead, @PastOrPresent Instant escrowedAfter) {
    }

    /** A key escrowed ahead of the records it will seal, with its customer and when HQ took it. */
    public record AheadKey(UUID keyId, UUID customerId, String key, Instant escrowedAt) {
    }

    /** One wanted key: HELD (with {@code key}, its 32 bytes in base64), ERASED or NOT_HELD. */
    public record FoundKey(UUID keyId, UUID customerId, DataKeyLookup.Status status,
            @JsonInclude(JsonInclude.Include.NON_NULL) String key) {
    }

    public record FoundKeys(List<FoundKey> keys, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<AheadKey> ahead) {
    }

    private final DataKeyLookup lookup;

    public CustomerKeyLookupResource(DataKeyLookup lookup) {
        this.lookup = lookup;
    }

    @APIResponse(responseCode = "200", description = "One answer per wanted key, in the order asked")
    @POST
    public FoundKeys find(@NotNull @Valid KeyLookup request) {
        Base64.Encoder base64 = Base64.getEncoder();
        return new FoundKeys(lookup.find(request.keys().stream()
                .map(k -> new DataKeyLookup.Wanted(k.keyId(), k.customerId())).toList()).stream()
                .map(f -> new FoundKey(f.keyId(), f.customerId(), f.status(),
                        f.secret() == null ? null : base64.encodeToString(f.secret()))).toList(),
                lookup.ahead(request.escrowedAfter(), request.ahead() == null ? 0 : request.ahead()).stream()
                        .map(a -> new AheadKey(a.keyId(), a.customerId(), base64.encodeToString(a.secret()), a.escrowedAt()))
                        .toList());
    }
}
