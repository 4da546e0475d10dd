package io.customersync.hq.domain;

import javax.sql.DataSource;

import jakarta.inject.Singleton;

import io.customersync.messaging.Database;

/** The HQ database for the owners ({@link Database}): hq-service has no ORM (decision 0025). */
@Singleton
public class HqDatabase extends Database {

    public HqDatabase(DataSource dataSource) {
        super(dataSource);
    }
}
