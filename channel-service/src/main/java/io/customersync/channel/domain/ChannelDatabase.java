package io.customersync.channel.domain;

import javax.sql.DataSource;

import jakarta.inject.Singleton;

import io.customersync.messaging.Database;

/** The channel database for the owners ({@link Database}): channel-service has no ORM (decision 0026). */
@Singleton
public class ChannelDatabase extends Database {

    public ChannelDatabase(DataSource dataSource) {
        super(dataSource);
    }
}
