package io.customersync.api;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;


import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
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
 * every slot busy are served in turn, not refused in turn (#17; docs/performance.md). Only
 * {@code api.load-shedding.waiting-read} of the waiting requests are read: a keep-alive client whose
 * request ends while that many wait is held, its connection not read, its next request waiting in the
 * socket instead of in the heap (waiting ~2 s there, 1,024 clients' requests were promoted and collected
 * in full every few seconds), read when one leaves the waiting room, refused if held longer than
 * {@code max-wait} ({@link AdmissionSlots}). The body and the
 * header values are made once (Netty's pre-encoded header strings); a refusal only counts itself
 * ({@link #refusals()}). The quarkus-load-shedding extension (experimental, adaptive limit, 503
 * without a problem body) was considered; a fixed limit is what ops can predict and size.
 */
@Singleton
public class LoadShedding {

    private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");
    private static final CharSequence PROBLEM_JSON = HttpHeaders.createOptimized(Problems.MEDIA_TYPE);
    private static final CharSequence RETRY_AFTER = HttpHeaders.createOptimized("Retry-After");

    private final AdmissionSlots<Waiting, Channel> slots;
    private final Vertx vertx;
    private final LongAdder refused = new LongAdder();
    private final int maxInFlight;
    private final long maxWaitMillis;
    /** How often held clients are looked at (those held max-wait, and slots that are free). */
    private final long tickMillis;
    private final String retryAfterSeconds;
    private final CharSequence retryAfter;
    private final long pauseMillis;
    private final Buffer refusal;

    public LoadShedding(ApiConfig config, ObjectMapper json, MeterRegistry metrics, Vertx vertx) {
        ApiConfig.LoadSheddingSettings settings = config.loadShedding();
        this.maxInFlight = settings.maxInFlight();
        this.slots = new AdmissionSlots<>(settings.maxInFlight(), settings.maxWaiting(), settings.waitingRead());
        this.vertx = vertx;
        this.maxWaitMillis = Math.max(1, settings.maxWait().toMillis());
        this.tickMillis = Math.min(100, Math.max(10, maxWaitMillis / 10));
        this.retryAfterSeconds = Long.toString(Math.max(1, settings.retryAfter().toSeconds()));
        this.retryAfter = HttpHeaders.createOptimized(retryAfterSeconds);
        this.pauseMillis = settings.connectionPause().toMillis();
        this.refusal = Buffer.buffer(Problems.json(json, 503, "more than " + maxInFlight + " requests at once; retry after "
                + retryAfterSeconds + " s", null).getBytes(StandardCharsets.UTF_8));
        // ops see an overload in /q/metrics: the refusals, the slots in use and the requests waiting for one
        FunctionCounter.builder("customersync.load_shedding.refused", refused, LongAdder::sum)
                .description("API requests refused with 503 (load shedding)").register(metrics);
        Gauge.builder("customersync.load_shedding.in_flight", slots, AdmissionSlots::inFlight)
                .description("API requests being served (each holds a slot of api.load-shedding.max-in-flight)")
                .register(metrics);
        Gauge.builder("customersync.load_shedding.waiting", slots, AdmissionSlots::waiting)
                .description("API requests waiting for a slot, read (about api.load-shedding.waiting-read at most, "
                        + "more if new connections bring them)").register(metrics);
        Gauge.builder("customersync.load_shedding.held", slots, AdmissionSlots::held)
                .description("Clients whose next request waits unread in their connection for room in the waiting room "
                        + "(with those waiting, at most api.load-shedding.max-waiting)").register(metrics);
    }

    /** Requests refused since start. */
    public long refusals() {
        return refused.sum();
    }

    /** Requests being served now (each holds a slot). */
    public int inFlight() {
        return slots.inFlight();
    }

    /** Requests waiting for a slot now, read. */
    public int waiting() {
        return slots.waiting();
    }

    /** Clients held now: their next request waits unread in their connection. */
    public int held() {
        return slots.held();
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
        if (slots.holds()) {
            vertx.setPeriodic(tickMillis, id -> tick());
        }
        router.route().order(Integer.MIN_VALUE + 1).handler(ctx -> {
            if (ctx.request().path().startsWith("/q/")) {
                ctx.next();
                return;
            }
            Channel channel = ConnectionReads.channel(ctx.request().connection());
            // read in the tick after its hold ran out: it was in the socket then (a till's later request is not)
            if (channel != null && ConnectionReads.heldTooLong(channel, System.nanoTime(),
                    TimeUnit.MILLISECONDS.toNanos(2 * tickMillis + 100))) {
                refuse(ctx);
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
        // an event stream holds no slot once it is answered: it waits for news, not for a worker
        ctx.addHeadersEndHandler(headers -> {
            if (isEventStream(ctx.response().headers().get("Content-Type")) && counted.compareAndSet(true, false)) {
                leave();
            }
        });
        ctx.addEndHandler(done -> {
            if (counted.compareAndSet(true, false)) {
                leave();
                holdIfBusy(ctx);
            }
        });
        ctx.next();
    }

    /** After its request ended, the client is held if every slot is taken and enough wait ({@link AdmissionSlots#hold}). */
    private void holdIfBusy(RoutingContext ctx) {
        Channel channel = ConnectionReads.channel(ctx.request().connection());
        if (channel != null && keepsConnection(ctx)) {
            ConnectionReads.holdIf(channel, held -> slots.hold(held, System.nanoTime()), this::forget);
        }
    }

    /** A client that went away while held is taken out, and makes room for the next. */
    private void forget(Channel closed) {
        if (slots.forget(closed)) {
            readNextHeld();
        }
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
                readNextHeld();
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
        Channel channel = ConnectionReads.channel(ctx.request().connection());
        if (pauseMillis > 0 && channel != null) {
            ConnectionReads.pause(channel, pauseMillis);
        }
    }

    /** Whether the client keeps its HTTP/1.1 connection for a next request (else there is nothing to hold). */
    private static boolean keepsConnection(RoutingContext ctx) {
        return ctx.request().version() == HttpVersion.HTTP_1_1
                && !"close".equalsIgnoreCase(ctx.request().getHeader("Connection"))
                && !"close".equalsIgnoreCase(ctx.response().headers().get("Connection"));
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
        readNextHeld();
    }

    /** A request left the waiting room: the client held longest is read if there is room for its request. */
    private void readNextHeld() {
        Channel channel = slots.nextToRead();
        if (channel != null) {
            ConnectionReads.read(channel);
        }
    }

    /** While slots are free, held clients are read; those still held as long as a request may wait are read, refused. */
    private void tick() {
        long now = System.nanoTime();
        slots.readableNow(now, TimeUnit.MILLISECONDS.toNanos(tickMillis))
                .forEach(ConnectionReads::read);
        slots.heldBefore(now - TimeUnit.MILLISECONDS.toNanos(maxWaitMillis))
                .forEach(channel -> ConnectionReads.readToRefuse(channel, now));
    }
}
