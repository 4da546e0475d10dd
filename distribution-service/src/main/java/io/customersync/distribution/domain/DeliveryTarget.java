package io.customersync.distribution.domain;

import javax.sql.DataSource;

/**
 * A channel database the 1010 job delivers to ({@link ChannelRegistry#deliveryTarget}); {@code erasuresOnly}: a
 * channel this deployment retired, whose database still gets its erasures (and answers personal-data exports).
 */
public record DeliveryTarget(DataSource database, boolean erasuresOnly) {
}
