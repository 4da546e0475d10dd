package io.customersync.channel.api;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.customersync.api.ApiCredentials;
import io.customersync.api.Problems;
import io.customersync.channel.domain.HeldAtHqException;
import io.customersync.channel.domain.IdempotentRequests;
import io.customersync.channel.domain.IdempotentRequests.StoredAnswer;

/**
 * Answers a creating POST, honouring an optional {@code Idempotency-Key} header: with a key, a
 * retry of the same request gets the first answer byte for byte and creates nothing. The key may
 * be sent quoted, as the IETF draft has it, or bare ({@link IdempotencyKeyHeader}). The answers kept
 * with a key are those of a request that created something: 201, and 409 of a customer HQ holds (the
 * store kept it, on hold). A request with a key has an id that is the same for every retry of it
 * (from the channel, the key and the request): a sync mode offers it to HQ as the customer's id, so
 * that a retry whose first try's answer was not kept is not a second customer.
 */
@ApplicationScoped
public class IdempotentPost {

    public static final String HEADER = IdempotencyKeyHeader.NAME;

    /** What a POST created: where it lives and what to answer. */
    public record Created(String location, Object body) {
    }

    private final IdempotentRequests requests;
    private final ObjectMapper json;

    public IdempotentPost(IdempotentRequests requests, ObjectMapper json) {
        this.requests = requests;
        this.json = json;
    }

    /**
     * @param target what the POST is aimed at (its path), part of what a key is bound to
     */
    public Response answer(String channelId, String key, String target, Object request, Supplier<Created> action) {
        return answer(channelId, key, target, request, requestId -> action.get());
    }

    /**
     * @param action what the request does, given the request's id: the same for every retry of it, made from
     *        the channel, the key and the request; null without a key (no retry is known as one)
     */
    public Response answer(String channelId, String key, String target, Object request, Function<UUID, Created> action) {
        if (key == null) {
            return answer(stored(action.apply(null)));
        }
        String keyOf = IdempotencyKeyHeader.keyOf(key);
        String requestHash = ApiCredentials.sha256(target + "\n" + write(request));
        UUID requestId = UUID.nameUUIDFromBytes((channelId + "\n" + keyOf + "\n" + requestHash)
                .getBytes(StandardCharsets.UTF_8));
        return answer(requests.once(channelId, keyOf, requestHash, () -> {
            try {
                return stored(action.apply(requestId));
            } catch (HeldAtHqException held) {
                // the held customer's location, so that its erasure turns this answer into a 410 as it does a 201
                return new StoredAnswer(409, "/api/v1/customers/" + held.customerId(), write(Problems.fieldProblem(409,
                        ChannelProblemMappers.HELD_FIELD, held.getMessage(), target)));
            }
        }));
    }

    private StoredAnswer stored(Created created) {
        return new StoredAnswer(201, created.location(), write(created.body()));
    }

    private static Response answer(StoredAnswer answer) {
        return Response.status(answer.status())
                .location(answer.status() >= 300 || answer.location() == null ? null : URI.create(answer.location()))
                .type(answer.status() >= 400 ? Problems.MEDIA_TYPE : MediaType.APPLICATION_JSON)
                .entity(answer.body())
                .build();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }
}
