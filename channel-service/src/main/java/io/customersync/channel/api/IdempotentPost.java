package io.customersync.channel.api;

import java.net.URI;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.customersync.api.ApiCredentials;
import io.customersync.channel.domain.IdempotentRequests;
import io.customersync.channel.domain.IdempotentRequests.StoredAnswer;

/**
 * Answers a creating POST, honouring an optional {@code Idempotency-Key} header: with a key, a
 * retry of the same request gets the first answer byte for byte and creates nothing. The key may
 * be sent quoted, as the IETF draft has it, or bare ({@link IdempotencyKeyHeader}).
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
        Supplier<StoredAnswer> stored = () -> {
            Created created = action.get();
            return new StoredAnswer(201, created.location(), write(created.body()));
        };
        StoredAnswer answer;
        if (key == null) {
            answer = stored.get();
        } else {
            answer = requests.once(channelId, IdempotencyKeyHeader.keyOf(key),
                    ApiCredentials.sha256(target + "\n" + write(request)), stored);
        }
        return Response.status(answer.status())
                .location(answer.location() == null ? null : URI.create(answer.location()))
                .type(MediaType.APPLICATION_JSON_TYPE)
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
