package io.customersync.channel.domain;

/** ASYNC: saved at the channel with a temporary identity; SYNCED: HQ gave it an account number. */
public enum CustomerStatus {
    ASYNC, SYNCED
}
