package io.customersync.distribution.domain;

import javax.sql.DataSource;

import jakarta.inject.Singleton;

import io.customersync.messaging.Database;

/**
 * The distribution database for the owners' cold paths ({@link Database}): distribution-service has no ORM
 * (decision 0024). The channel databases are reached through their own pools ({@code ChannelPools}).
 */
@Singleton
public class DistributionDatabase extends Database {

    public DistributionDatabase(DataSource dataSource) {
        super(dataSource);
    }
}
