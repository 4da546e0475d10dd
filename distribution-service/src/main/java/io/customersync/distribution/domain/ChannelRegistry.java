package io.customersync.distribution.domain;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.exceptionsorter.PostgreSQLExceptionSorter;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.customersync.distribution.config.DistributionConfig;

/**
 * The channels distribution delivers to, each with its address book and a small connection pool to
 * its channel database. Passwords come from configuration (env in production) and are never logged.
 * It runs no SQL: {@link ChannelDatabaseBatch}, {@link ChannelDatabaseWriter} and {@link ChannelBacklog} do.
 */
@Singleton
public class ChannelRegistry {

    private final Map<String, AgroalDataSource> databases = new TreeMap<>();
    private final Map<String, DistributionConfig.ChannelDatabase> channels;

    public ChannelRegistry(DistributionConfig config) {
        this.channels = new TreeMap<>(config.channels());
        DistributionConfig.Delivery delivery = config.delivery();
        channels.forEach((channelId, db) -> databases.put(channelId, pool(db, delivery)));
    }

    public DistributionConfig.ChannelDatabase channel(String channelId) {
        return channels.get(channelId);
    }

    /**
     * Where a customer of {@code originChannelId} goes: its own channel (account number), and every
     * other channel of the same address book that does not exclude customer data (a copy).
     */
    public List<String> targetsOf(String originChannelId) {
        List<String> targets = new ArrayList<>(List.of(originChannelId));
        Optional<String> book = channels.get(originChannelId).addressBook();
        channels.forEach((channelId, channel) -> {
            if (!channelId.equals(originChannelId) && book.isPresent() && book.equals(channel.addressBook())
                    && !channel.excludeCustomerData()) {
                targets.add(channelId);
            }
        });
        return targets;
    }

    public Set<String> channelIds() {
        return databases.keySet();
    }

    public Optional<AgroalDataSource> database(String channelId) {
        return Optional.ofNullable(databases.get(channelId));
    }

    private static AgroalDataSource pool(DistributionConfig.ChannelDatabase db, DistributionConfig.Delivery delivery) {
        var supplier = new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool
                        .minSize(0)
                        .maxSize(delivery.poolSize())
                        .acquisitionTimeout(delivery.connectTimeout())
                        // a store that went offline leaves dead connections: drop them, never hand them out again
                        .exceptionSorter(new PostgreSQLExceptionSorter())
                        .connectionValidator(AgroalConnectionPoolConfiguration.ConnectionValidator.defaultValidator())
                        .validateOnBorrow(true)
                        .connectionFactoryConfiguration(factory -> factory
                                .jdbcUrl(db.jdbcUrl())
                                .autoCommit(false)
                                .principal(new NamePrincipal(db.username()))
                                .credential(new SimplePassword(db.password()))
                                .jdbcProperty("connectTimeout", Long.toString(delivery.connectTimeout().toSeconds()))
                                .jdbcProperty("socketTimeout", Long.toString(delivery.socketTimeout().toSeconds()))));
        try {
            return AgroalDataSource.from(supplier);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set up the pool of a channel database", e);
        }
    }

    @PreDestroy
    void close() {
        databases.values().forEach(AgroalDataSource::close);
    }
}
