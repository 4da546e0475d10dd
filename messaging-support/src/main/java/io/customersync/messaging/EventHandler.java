package io.customersync.messaging;

import java.util.List;

/**
 * Applies events to a database, all of them in one transaction or none. Must be idempotent per
 * event id: the same event may arrive again after a crash or a rebalance.
 */
@FunctionalInterface
public interface EventHandler {

    void handle(List<IncomingEvent> events) throws Exception;
}
