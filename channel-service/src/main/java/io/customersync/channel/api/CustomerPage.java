package io.customersync.channel.api;

import java.util.List;

/** One page of a customer search; async customers are in it, marked by their status. */
public record CustomerPage(List<CustomerResponse> items, int page, int size, long total) {
}
