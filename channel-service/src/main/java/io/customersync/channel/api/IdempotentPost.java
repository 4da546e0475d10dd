package io.customersync.channel.api;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.customersync.api.ApiCredentials;
import io.customersync.api.Problems;
import io.customersync.channel.domain.CustomerCreation;
import io.customersync.channel.domain.HeldAtHqException;
import io.customersync.channel.domain.IdempotentRequests;
import io.customersync.channel.domain.IdempotentRequests.StoredAnswer;
import io.customersync.channel.domain.KeyedRequest;
import io.customersync.channel.domain.TryLaterException;

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

    /** Reads an answer kept with a key as written: not the requests' mapper (it checks and normalizes text). */
    private static final ObjectMapper KEPT_ANSWERS = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final IdempotentRequests requests;
    private final ObjectMapper json;

    public IdempotentPost(IdempotentRequests requests, ObjectMapper json) {
        this.requests = requests;
        this.json = json;
    }

    /** Runs {@code action} once per key, in one transaction that holds the key ({@link IdempotentRequests#once}). */
    public Response answer(String channelId, String key, String target, Object request, Supplier<Created> action) {
        if (key == null) {
            return answer(stored(action.get()));
        }
        String keyOf = IdempotencyKeyHeader.keyOf(key);
        return replayed(requests.once(channelId, keyOf, hash(target, request), () -> stored(action.get())), target);
    }

    /**
     * {@link #answer} for a request answered with the customer (an address added): its 201, a retry's too, carries the
     * {@code ETag} of the customer it answers, as a GET's, so that the till can edit it next without reading it again.
     */
    public Response answerCustomer(String channelId, String key, String target, Object request,
            Supplier<Created> action) {
        AtomicReference<String> tag = new AtomicReference<>();
        Response answer = answer(channelId, key, target, request, () -> {
            Created created = action.get();
            tag.set(CustomerETag.of((CustomerResponse) created.body()));
            return created;
        });
        if (answer.getStatus() != 201) {
            return answer;
        }
        if (tag.get() == null) { // a retry: the answer kept with the key, read as it was written (no checks of a request)
            try {
                tag.set(CustomerETag.of(KEPT_ANSWERS.readValue((String) answer.getEntity(), CustomerResponse.class)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot read the customer answered", e);
            }
        }
        return Response.fromResponse(answer).header(HttpHeaders.ETAG, tag.get()).build();
    }

    /**
     * Answers a customer's creation. With a key, the creation claims the key and keeps its answer in the
     * transaction that saves the customer ({@link KeyedRequest}), so no transaction waits for HQ or for a writer;
     * if the key is another try's (answered before, or claimed first), that try's answer is replayed.
     *
     * @param answer the answer to a created customer (also as kept with the key, in the saving transaction)
     */
    public Response creation(String channelId, String key, String target, Object request,
            Function<KeyedRequest, CustomerCreation.Created> create, Function<CustomerCreation.Created, Created> answer) {
        if (key == null) {
            return answer(stored(answer.apply(create.apply(null))));
        }
        String keyOf = IdempotencyKeyHeader.keyOf(key);
        String requestHash = hash(target, request);
        UUID requestId = UUID.nameUUIDFromBytes((channelId + "\n" + keyOf + "\n" + requestHash).getBytes(StandardCharsets.UTF_8));
        KeptAnswers kept = new KeptAnswers(answer, target);
        KeyedRequest keyed = new KeyedRequest(channelId, keyOf, requestHash, requestId, kept);
        try {
            create.apply(keyed);
            return answer(kept.sent()); // as written where it was kept, in the transaction that saved the customer
        } catch (HeldAtHqException held) {
            return answer(keyed.answers().held(held));
        } catch (KeyedRequest.TakenException taken) {
            return replayed(taken.answer().or(() -> requests.answered(channelId, keyOf, requestHash)).orElseThrow(
                    () -> new TryLaterException("another try of this request is being answered; try again", taken)), target);
            // or 422: another request's key
        }
    }

    /** The 201 of a creation without an Idempotency-Key. */
    public Response created(Created created) {
        return answer(stored(created));
    }

    /** A keyed creation's answers, written where they are kept (in the saving transaction); the last 201 written is sent. */
    private final class KeptAnswers implements KeyedRequest.Answers {

        private final Function<CustomerCreation.Created, Created> answer;
        private final String target;
        private volatile StoredAnswer created;

        KeptAnswers(Function<CustomerCreation.Created, Created> answer, String target) {
            this.answer = answer;
            this.target = target;
        }

        @Override
        public StoredAnswer created(CustomerCreation.Created customer) {
            created = stored(answer.apply(customer));
            return created;
        }

        /** The 201 kept with the key: every creation that returns wrote one where it claimed the key. */
        StoredAnswer sent() {
            if (created == null) {
                throw new IllegalStateException("a keyed creation returned without keeping its answer with the key");
            }
            return created;
        }

        @Override
        public StoredAnswer held(HeldAtHqException held) {
            // the held customer's location, so that its erasure turns this answer into a 410 as it does a 201
            return new StoredAnswer(409, "/api/v1/customers/" + held.customerId(), write(Problems.fieldProblem(409,
                    ChannelProblemMappers.HELD_FIELD, held.getMessage(), target)));
        }
    }

    private String hash(String target, Object request) {
        return ApiCredentials.sha256(target + "\n" + write(request));
    }

    private StoredAnswer stored(Created created) {
        return new StoredAnswer(201, created.location(), write(created.body()));
    }

    /**
     * A kept answer replayed to {@code target}: one the customer's erasure turned into a 410 in the database (channel
     * V14, a body without the request's path) is answered as every 410 is, with it.
     */
    private static Response replayed(StoredAnswer answer, String target) {
        return answer.status() == 410 ? Problems.response(410, "the customer was erased", target, List.of()).build()
                : answer(answer);
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
