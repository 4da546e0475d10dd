package io.customersync.distribution.domain;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.customersync.distribution.config.DistributionConfig;

/**
 * The live channel registry as this instance sees it: every channel of {@link ChannelRegistrations}
 * (seeded from {@code distribution.channels.*} at start, changed by ops at run time), refreshed by
 * {@link #reload()}. Targets are computed over every active channel of the estate; this deployment
 * ({@code distribution.deployment}) queues and delivers only for the channels it owns. It runs no
 * SQL into channel databases: {@link ChannelDatabaseBatch}, {@link ChannelDatabaseWriter} and
 * {@link ChannelBacklog} do, through the pools of {@link ChannelPools}.
 */
@Singleton
public class ChannelRegistry {

    private static final Logger LOG = Logger.getLogger(ChannelRegistry.class);

    private final ChannelRegistrations registrations;
    private final ChannelPools pools;
    private final String deployment;
    private final DistributionConfig.Registry passwordRules;
    private final List<Consumer<Set<String>>> listeners = new CopyOnWriteArrayList<>();
    private volatile Map<String, Channel> channels = Map.of();

    public ChannelRegistry(ChannelRegistrations registrations, DistributionConfig config) {
        this.registrations = registrations;
        this.pools = new ChannelPools(config.delivery());
        this.deployment = config.deployment();
        this.passwordRules = config.registry();
        try {
            int seeded = registrations.seed(ChannelRules.seeds(config), "configuration");
            if (seeded > 0) {
                LOG.infof("channel registry: %d channels added from distribution.channels.*", seeded);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot seed the channel registry", e);
        }
        reload();
    }

    /** This instance's deployment: it delivers to the channels registered for it. */
    public String deployment() {
        return deployment;
    }

    /** Reads the registry again; pools of changed or retired channels close; listeners hear the owned channel ids. */
    public synchronized void reload() {
        Map<String, Channel> fresh = new TreeMap<>();
        try {
            registrations.all().forEach(channel -> fresh.put(channel.id(), channel));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the channel registry", e);
        }
        Map<String, Channel> previous = channels;
        previous.forEach((id, before) -> {
            Channel now = fresh.get(id);
            if (now == null || !now.active() || !now.connectsLike(before)) {
                pools.forget(id);
            }
        });
        channels = Map.copyOf(fresh);
        Set<String> owned = channelIds();
        listeners.forEach(listener -> listener.accept(owned));
    }

    /**
     * A registration's outcome: whether the channel was added, and whether it now gets customers it has not
     * been sent (added, back from retirement, moved to another address book or deployment, or taking copies again):
     * then it needs a full sync (docs/ops.md).
     */
    public record Registered(boolean added, boolean needsFullSync) {
    }

    /**
     * Adds or changes a channel (active, also a retired one coming back), effective at once here
     * and at the next refresh on other instances. Nothing is written if a
     * field is not acceptable ({@link InvalidChannelException}).
     */
    public Registered register(Channel channel, String changedBy) {
        ChannelRules.checked(channel);
        if (!channel.passwordRef().allowedForOps(passwordRules.passwordDirectory(), passwordRules.passwordEnvPrefix())) {
            throw new InvalidChannelException("passwordRef", "only a file in " + passwordRules.passwordDirectory()
                    + ", a variable " + passwordRules.passwordEnvPrefix() + "* or config:distribution.channels.<id>.password");
        }
        try {
            Optional<Channel> before = registrations.find(channel.id());
            boolean added = registrations.save(channel.withStatus(Channel.Status.ACTIVE), changedBy);
            reload();
            return new Registered(added, before.map(b -> !b.active() || !Objects.equals(b.addressBook(),
                    channel.addressBook()) || b.excludeCustomerData() && !channel.excludeCustomerData()
                    || !b.deployment().equals(channel.deployment())).orElse(true));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot save channel " + channel.id(), e);
        }
    }

    /** Retires the channel: no new deliveries to it, no copies of its customers to others; its pool closes. */
    public Channel retire(String channelId, String changedBy) {
        try {
            if (!registrations.retire(channelId, changedBy)) {
                throw new UnknownChannelException(channelId);
            }
            reload();
            return registered(channelId).orElseThrow(() -> new UnknownChannelException(channelId));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot retire channel " + channelId, e);
        }
    }

    /** Told the owned active channel ids at every reload (the 1010 job adds and drops channels by it, the gauges too). */
    public void onChange(Consumer<Set<String>> listener) {
        listeners.add(listener);
    }

    /** The channel as registered (active or retired, of any deployment). */
    public Optional<Channel> registered(String channelId) {
        return Optional.ofNullable(channels.get(channelId));
    }

    /** Every registered channel, retired ones and other deployments' too, by id. */
    public Collection<Channel> all() {
        return channels.values();
    }

    /** The active channel, of any deployment. */
    public Optional<Channel> channel(String channelId) {
        return registered(channelId).filter(Channel::active);
    }

    /** Whether this deployment delivers to the channel (active, and its own). */
    public boolean owns(String channelId) {
        return channel(channelId).map(c -> c.deployment().equals(deployment)).orElse(false);
    }

    /**
     * Where a customer of {@code originChannelId} goes, over the whole estate: its own channel
     * (account number) unless retired, and every other active channel of the same address book
     * that does not exclude customer data (a copy).
     */
    public List<String> targetsOf(String originChannelId) {
        return targets(originChannelId, Channel::active);
    }

    /**
     * Where an erasure of a customer of {@code originChannelId} goes: {@link #targetsOf}, and every channel this
     * deployment retired that would be among them were it active (a store's database outlives its retirement, and
     * what it was given is erased there too while it answers, docs/privacy.md).
     */
    public List<String> erasureTargetsOf(String originChannelId) {
        return targets(originChannelId, channel -> channel.active() || retiredHere(channel));
    }

    private List<String> targets(String originChannelId, Predicate<Channel> served) {
        List<String> targets = new ArrayList<>();
        registered(originChannelId).filter(served).ifPresent(origin -> targets.add(originChannelId));
        Optional<String> book = registered(originChannelId).flatMap(Channel::book);
        channels.values().forEach(channel -> {
            if (!channel.id().equals(originChannelId) && served.test(channel) && book.isPresent()
                    && book.equals(channel.book()) && !channel.excludeCustomerData()) {
                targets.add(channel.id());
            }
        });
        return targets;
    }

    /**
     * The channels whose customers go to {@code channelId} ({@link #targetsOf} the other way round): itself, and
     * unless it excludes customer data every other registered channel of its address book.
     */
    public List<String> originsFor(String channelId) {
        List<String> origins = new ArrayList<>(List.of(channelId));
        registered(channelId).filter(c -> c.book().isPresent() && !c.excludeCustomerData()).ifPresent(target ->
                channels.values().stream().filter(c -> !c.id().equals(channelId) && c.book().equals(target.book()))
                        .forEach(c -> origins.add(c.id())));
        return origins;
    }

    /** The active channels this deployment owns, by id. */
    public Set<String> channelIds() {
        Set<String> owned = new TreeSet<>();
        channels.values().stream().filter(c -> c.active() && c.deployment().equals(deployment))
                .forEach(c -> owned.add(c.id()));
        return owned;
    }

    /** The channels the 1010 job serves: {@link #channelIds} and, for their erasures only, those this deployment retired. */
    public Set<String> servedChannelIds() {
        Set<String> served = channelIds();
        channels.values().stream().filter(this::retiredHere).forEach(c -> served.add(c.id()));
        return served;
    }

    /** Whether erasures are delivered to the channel from here: one it {@link #owns}, or one this deployment retired. */
    public boolean deliversErasuresTo(String channelId) {
        return owns(channelId) || registered(channelId).filter(this::retiredHere).isPresent();
    }

    private boolean retiredHere(Channel channel) {
        return !channel.active() && channel.deployment().equals(deployment);
    }

    /** The channel database of an owned active channel; its pool opens at the first connection. */
    public Optional<DataSource> database(String channelId) {
        return database(channelId, pools::connect);
    }

    /**
     * The channel database of an owned active channel while its pool is open, for observers: using
     * it neither opens the pool nor keeps it open (an idle channel is not connected to just to be watched).
     */
    public Optional<DataSource> openDatabase(String channelId) {
        return database(channelId, pools::connectIfOpen);
    }

    /** An owned active channel's database, connected to by {@code connect} (a channel retired since: an 08003). */
    private Optional<DataSource> database(String channelId, PoolConnector connect) {
        if (!owns(channelId)) {
            return Optional.empty();
        }
        return Optional.of(new ChannelDataSource(() -> connect.connect(channel(channelId)
                .orElseThrow(() -> new SQLException("channel " + channelId + " was retired", "08003")))));
    }

    /**
     * The database of a channel this deployment retired, for what it still holds (its erasures, a personal-data
     * export: a store's database outlives its retirement); its pool closes when idle. Empty for any other channel.
     */
    public Optional<DataSource> retiredDatabase(String channelId) {
        return registered(channelId).filter(this::retiredHere)
                .map(retired -> new ChannelDataSource(() -> pools.connect(retired)));
    }

    /** Where the 1010 job delivers to a channel it serves: an owned active one's database, else a retired one's erasures. */
    public Optional<DeliveryTarget> deliveryTarget(String channelId) {
        return database(channelId).map(db -> new DeliveryTarget(db, false))
                .or(() -> retiredDatabase(channelId).map(db -> new DeliveryTarget(db, true)));
    }

    /** Whether this deployment is connected to the channel's database now (its pool is open: the channel is in use). */
    public boolean connected(String channelId) {
        return owns(channelId) && pools.isOpen(channelId);
    }

    /** How many channel database pools are open now (an idle channel has none). */
    public int openPools() {
        return pools.openCount();
    }

    /** Closes the pools of channels nobody used for this long. */
    public void closeIdlePools(java.time.Duration idle) {
        pools.closeIdle(idle);
    }

    @PreDestroy
    void close() {
        pools.closeAll();
    }

    /** A data source over one channel's pool, as the backlog readers take it. */
    private record ChannelDataSource(SqlConnector connector) implements SimpleDataSource {
        @Override
        public Connection getConnection() throws SQLException {
            return connector.connect();
        }
    }

    @FunctionalInterface
    interface SqlConnector {
        Connection connect() throws SQLException;
    }

    /** How a channel's pool hands out a connection: opening the pool if need be, or only if it is open. */
    @FunctionalInterface
    private interface PoolConnector {
        Connection connect(Channel channel) throws SQLException;
    }
}
