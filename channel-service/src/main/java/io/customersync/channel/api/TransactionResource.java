package io.customersync.channel.api;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.customersync.api.ApiRoles;
import io.customersync.api.Caller;
import io.customersync.channel.domain.RetailTransaction;
import io.customersync.channel.domain.TransactionRecording;
import io.smallrye.common.annotation.Blocking;

/** Cash-and-carry transactions and customer orders that reference customers, async ones included. */
@RolesAllowed({ApiRoles.POS, ApiRoles.STOREFRONT})
@Path("/api/v1/transactions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
public class TransactionResource {

    private final TransactionRecording recording;
    private final IdempotentPost post;
    private final Caller caller;

    public TransactionResource(TransactionRecording recording, IdempotentPost post, Caller caller) {
        this.recording = recording;
        this.post = post;
        this.caller = caller;
    }

    @APIResponse(responseCode = "201", description = "Recorded; Location names it",
            headers = @Header(name = "Location", description = "the transaction's URL"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TransactionResponse.class)))
    @APIResponse(responseCode = "422", description = "Unprocessable Content: no such customer or address in this channel, or the Idempotency-Key was used with another request")
    @POST
    public Response record(@Valid @NotNull TransactionRequest request,
            @HeaderParam(IdempotentPost.HEADER) String idempotencyKey) {
        return post.answer(caller.channelId(), idempotencyKey, "/api/v1/transactions", request, () -> {
            RetailTransaction transaction = recording.record(caller.channelId(), request.toCommand());
            return new IdempotentPost.Created("/api/v1/transactions/" + transaction.id,
                    TransactionResponse.from(transaction));
        });
    }

    @GET
    @Path("/{transactionId}")
    public TransactionResponse get(@PathParam("transactionId") UUID transactionId) {
        return recording.findVisible(transactionId, caller.channelId())
                .map(TransactionResponse::from)
                .orElseThrow(() -> new NotFoundException("no transaction " + transactionId + " in this channel"));
    }
}
