package io.customersync.channel.api;

import java.util.concurrent.CompletionException;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import io.customersync.channel.domain.CustomerCreation;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Answers a POST whose customer was handed over to the group commit, on the event loop that read the request:
 * no worker thread is dispatched to, or parked while, the customer commits. A timer of the event loop withdraws
 * the customer once {@code channel.group-commit.wait} passed without a writer taking it (503, nothing saved), as
 * a worker thread's wait does ({@link io.customersync.messaging.GroupCommit#write}).
 */
@ApplicationScoped
public class HandedOverAnswer {

    private final Vertx vertx;

    public HandedOverAnswer(Vertx vertx) {
        this.vertx = vertx;
    }

    public Uni<Response> answer(CustomerCreation.HandedOver handedOver, Function<CustomerCreation.Created, Response> answer) {
        Context eventLoop = vertx.getOrCreateContext();
        return Uni.createFrom().emitter(emitter -> {
            long expiry = vertx.setTimer(Math.max(1, handedOver.waitFor().toMillis()), id -> handedOver.withdraw().run());
            handedOver.saved().whenComplete((created, failure) -> eventLoop.runOnContext(ignored -> {
                vertx.cancelTimer(expiry);
                if (failure != null) {
                    emitter.fail(failure instanceof CompletionException wrapped && wrapped.getCause() != null
                            ? wrapped.getCause() : failure);
                    return;
                }
                try {
                    emitter.complete(answer.apply(created));
                } catch (RuntimeException notAnswered) {
                    emitter.fail(notAnswered);
                }
            }));
        });
    }
}
