package io.customersync.channel.api;

import java.net.URI;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.customersync.api.ApiCredentials;
import io.customersync.api.FieldProblemException;
import io.customersync.channel.domain.IdempotentRequests;
import io.customersync.channel.domain.IdempotentRequests.StoredAnswer;

/**
 * Answers a creating POST, honouring an optional {@code Idempotency-Key} header: with a key, a
 * retry of the same request gets the first answer byte for byte and creates nothing.
 */
@ApplicationScoped
public class IdempotentPost {

    public static final String HEADER = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

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
            if (!KEY.matcher(key).matches()) {
                throw new FieldProblemException(400, HEADER, "must be 1 to 128 letters, digits or . _ : -");
            }
            answer = requests.once(channelId, key, ApiCredentials.sha256(target + "\n" + write(request)), stored);
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
