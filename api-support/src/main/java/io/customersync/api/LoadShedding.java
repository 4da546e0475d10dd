package io.customersync.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;


import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Sheds load before it piles up: at most {@code api.load-shedding.max-in-flight} API requests are
 * served at once, at most {@code api.load-shedding.max-waiting} more wait for a slot (first come,
 * first served, their bodies not read yet) for up to {@code api.load-shedding.max-wait}, and the next
 * one, or one whose wait is over, is answered with 503 and {@code Retry-After} (problem+json), instead
 * of waiting in memory until the client gives up or the heap runs out. A till retries later or, for
 * customers, goes on offline. Health, metrics and OpenAPI ({@code /q/*}) are never shed. A server-sent
 * event stream counts only until it is answered (its headers are out): then it waits for news,
 * holding no worker, and must not hold a slot for minutes either (one open stream per waiting
 * storefront would shed everyone else).
 * <p>
 * Refusing must cost next to nothing, or clients that retry at once turn spare CPU into refusals
 * and the admitted work starves (measured: 1,024 such clients cut the customers created to 39 % of
 * the best): the answer is made once, at start, and sent on the event loop before the body is
 * read, with no authentication, JSON or database work; and the connection that was refused is not
 * read again for {@code api.load-shedding.connection-pause}, so one impatient client cannot send
 * more than one request per pause (the request it sends meanwhile waits in the socket, then is
 * served or refused like any other). The waiting room makes refusals rarer still: a slot that frees
 * goes to a request that is already there instead of to whoever knocks next, so clients that keep
 * every slot busy are served in turn, not refused in turn (#17; docs/performance.md). The body and the
 * header values are made once (Netty's pre-encoded header strings); a refusal only counts itself
 * ({@link #refusals()}). The quarkus-load-shedding extension (experimental, adaptive limit, 503
 * without a problem body) was considered; a fixed limit is what ops can predict and size.
 */
@Singleton
public class LoadShedding {

    private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");
    private static final CharSequence PROBLEM_JSON = HttpHeaders.createOptimized(Problems.MEDIA_TYPE);
    private static final CharSequence RETRY_AFTER = HttpHeaders.createOptimized("Retry-After");

    private final AdmissionSlots<Waiting> slots;
    private final LongAdder refused = new LongAdder();
    private final int maxInFlight;
    private final long maxWaitMillis;
    private final String retryAfterSeconds;
    private final CharSequence retryAfter;
    private final long pauseMillis;
    private final Buffer refusal;

    public LoadShedding(ApiConfig config, ObjectMapper json, MeterRegistry metrics) {
        ApiConfig.LoadSheddingSettings settings = config.loadShedding();
        this.maxInFlight = settings.maxInFlight();
        this.slots = new AdmissionSlots<>(settings.maxInFlight(), settings.maxWaiting());
        this.maxWaitMillis = Math.max(1, settings.maxWait().toMillis());
        this.retryAfterSeconds = Long.toString(Math.max(1, settings.retryAfter().toSeconds()));
        this.retryAfter = HttpHeaders.createOptimized(retryAfterSeconds);
        this.pauseMillis = settings.connectionPause().toMillis();
        this.refusal = Buffer.buffer(problem(json).getBytes(StandardCharsets.UTF_8));
        // ops see an overload in /q/metrics: the refusals, the slots in use and the requests waiting for one
        FunctionCounter.builder("customersync.load_shedding.refused", refused, LongAdder::sum)
                .description("API requests refused with 503 (load shedding)").register(metrics);
        Gauge.builder("customersync.load_shedding.in_flight", slots, AdmissionSlots::inFlight)
                .description("API requests being served (each holds a slot of api.load-shedding.max-in-flight)")
                .register(metrics);
        Gauge.builder("customersync.load_shedding.waiting", slots, AdmissionSlots::waiting)
                .description("API requests waiting for a slot (at most api.load-shedding.max-waiting)").register(metrics);
    }

    /** Requests refused since start. */
    public long refusals() {
        return refused.sum();
    }

    /** Requests being served now (each holds a slot). */
    public int inFlight() {
        return slots.inFlight();
    }

    /** Requests waiting for a slot now. */
    public int waiting() {
        return slots.waiting();
    }

    /** The body of every refusal, made once at start (a copy). */
    public byte[] refusalBody() {
        return refusal.getBytes();
    }

    /** A request waiting for a slot, on its connection's event loop. */
    private static final class Waiting {
        final RoutingContext ctx;
        final Context context;
        volatile long timer = -1;

        Waiting(RoutingContext ctx, Context context) {
            this.ctx = ctx;
            this.context = context;
        }
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(ctx -> {
            if (ctx.request().path().startsWith("/q/")) {
                ctx.next();
                return;
            }
            Waiting request = new Waiting(ctx, Vertx.currentContext());
            switch (slots.enter(request)) {
                case ADMITTED -> serve(ctx);
                case WAITING -> await(request);
                case REFUSED -> refuse(ctx);
            }
        });
    }

    /** Serves a request that holds a slot; the slot is given back (or handed on) when it ends. */
    private void serve(RoutingContext ctx) {
        if (ctx.response().closed()) {
            leave(); // it waited, and its client went away meanwhile
            return;
        }
        AtomicBoolean counted = new AtomicBoolean(true);
        Runnable release = () -> {
            if (counted.compareAndSet(true, false)) {
                leave();
            }
        };
        // an event stream holds no slot once it is answered: it waits for news, not for a worker
        ctx.addHeadersEndHandler(headers -> {
            if (isEventStream(ctx.response().headers().get("Content-Type"))) {
                release.run();
            }
        });
        ctx.addEndHandler(done -> release.run());
        ctx.next();
    }

    /**
     * The request waits for a slot until {@code max-wait}; then it is refused. Its body is not read
     * meanwhile: Quarkus keeps a request paused until a handler reads it (and pausing it here would keep
     * it paused for good).
     */
    private void await(Waiting request) {
        request.timer = request.ctx.vertx().setTimer(maxWaitMillis, id -> {
            if (slots.giveUp(request)) {
                refuse(request.ctx);
            }
        });
    }

    private void refuse(RoutingContext ctx) {
        refused.increment();
        if (ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(503)
                .putHeader(CONTENT_TYPE, PROBLEM_JSON)
                .putHeader(RETRY_AFTER, retryAfter)
                .end(refusal);
        pause(ctx.request().connection());
    }

    static boolean isEventStream(String contentType) {
        return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream");
    }

    /** A slot frees: the request that waited longest gets it, on its own event loop. */
    private void leave() {
        Waiting next = slots.leave();
        if (next != null) {
            next.ctx.vertx().cancelTimer(next.timer);
            next.context.runOnContext(v -> serve(next.ctx));
        }
    }

    /**
     * Reads nothing more from a refused client's HTTP/1.1 connection for the pause (Vert.x's own
     * connection class: its Netty channel stops reading; one HTTP/2 connection may carry many
     * clients' streams and is left alone).
     */
    private void pause(HttpConnection connection) {
        if (pauseMillis <= 0 || !(connection instanceof Http1xServerConnection http1)) {
            return;
        }
        Channel channel = http1.channel();
        if (!channel.config().isAutoRead()) {
            return;
        }
        channel.config().setAutoRead(false);
        channel.eventLoop().schedule(() -> channel.config().setAutoRead(true), pauseMillis, TimeUnit.MILLISECONDS);
    }

    private String problem(ObjectMapper json) {
        try {
            return json.writeValueAsString(Problems.problem(503,
                    "more than " + maxInFlight + " requests at once; retry after " + retryAfterSeconds + " s", null,
                    List.of()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
